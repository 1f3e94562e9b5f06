/**
 * Messages of the shop's own delivery in the words of a services shop (MS-06): a booking is a job, dispatched to a
 * technician, who marks it done. The same flow as the couriers' (fulfilment/own-delivery-wording.ts picks these
 * keys when the storefront is `services`), in the four languages. English defines the keys.
 */
export const en = {
  'job.nav': 'My jobs',
  'job.title': 'My jobs',
  'job.intro':
    'The bookings given to you. A job leaves this list once you mark it done. Each time you open it, the customer’s name, phone and address are recorded as given to you, in the register the customer can see.',
  'job.none': 'You have no jobs right now.',
  'job.heading': 'Job',
  'job.technician': 'Technician',
  'job.customer': 'Customer',
  'job.work': 'Work',
  'job.time': 'Visit time',
  'job.collect': 'Payment to collect',
  'job.markDone': 'Job done',
  'job.done': 'Marked done. The job is no longer on your list.',
  'job.errorStale': 'This booking changed in the meantime and was not marked done.',
  'job.assign': 'Assign technician',
  'job.assignHint':
    'The technician receives the customer’s name, phone and address for this job only, until it is done; each time is recorded in the register of disclosures the customer can see.',
  'job.noTechnicians':
    'There is no technician account yet. The owner adds one as a staff member of role technician: amanat staff add --role courier',
  'job.assignedAt': 'Assigned to the technician',
  'job.doneAt': 'Job done at',
  'job.markReady': 'Ready for a technician',
  'job.errorNotReady': 'Only a booking marked ready for a technician can be assigned.',
  'job.errorAssigned': 'This booking has already been given to a technician.',
  'job.errorTechnician': 'Choose one of the shop’s technicians.',
  'job.status.packed': 'Technician being assigned',
  'job.status.out_for_delivery': 'Technician on the way',
  'job.status.delivered': 'Job done',
  'job.mail.packed': 'Your booking {code} is confirmed; a technician is being assigned to it.',
  'job.mail.out_for_delivery': 'A technician is coming for your booking {code}.',
  'job.mail.delivered': 'The job for your booking {code} is done. Thank you for choosing {shop}.',
} as const;

type Key = keyof typeof en;
export const bn: Record<Key, string> = {
  'job.nav': 'আমার কাজ',
  'job.title': 'আমার কাজ',
  'job.intro':
    'আপনাকে যে বুকিংগুলো দেওয়া হয়েছে। কাজ শেষ হয়েছে বলে চিহ্নিত করলে কাজটি এই তালিকা থেকে চলে যায়। প্রতিবার খুললে গ্রাহকের নাম, ফোন ও ঠিকানা আপনাকে দেওয়া হয়েছে বলে রেজিস্টারে রেকর্ড হয়, যা গ্রাহক দেখতে পান।',
  'job.none': 'এই মুহূর্তে আপনার কোনো কাজ নেই।',
  'job.heading': 'কাজ',
  'job.technician': 'টেকনিশিয়ান',
  'job.customer': 'গ্রাহক',
  'job.work': 'কাজের ধরন',
  'job.time': 'কাজের সময়',
  'job.collect': 'আদায়যোগ্য টাকা',
  'job.markDone': 'কাজ শেষ',
  'job.done': 'কাজ শেষ বলে চিহ্নিত হয়েছে। কাজটি আর আপনার তালিকায় নেই।',
  'job.errorStale': 'এর মধ্যে বুকিংটি বদলে গেছে, তাই কাজ শেষ বলে চিহ্নিত করা হয়নি।',
  'job.assign': 'টেকনিশিয়ান নিয়োগ করুন',
  'job.assignHint':
    'শুধু এই কাজের জন্য এবং কাজ শেষ না হওয়া পর্যন্ত টেকনিশিয়ান গ্রাহকের নাম, ফোন ও ঠিকানা পান; প্রতিবার তথ্য প্রদানের রেজিস্টারে রেকর্ড হয়, যা গ্রাহক দেখতে পান।',
  'job.noTechnicians':
    'এখনো কোনো টেকনিশিয়ানের অ্যাকাউন্ট নেই। মালিক টেকনিশিয়ান ভূমিকার একজন কর্মী এভাবে যোগ করেন: amanat staff add --role courier',
  'job.assignedAt': 'টেকনিশিয়ানকে দেওয়া হয়েছে',
  'job.doneAt': 'কাজ শেষের সময়',
  'job.markReady': 'টেকনিশিয়ানের জন্য প্রস্তুত',
  'job.errorNotReady': 'শুধু টেকনিশিয়ানের জন্য প্রস্তুত বলে চিহ্নিত বুকিংই নিয়োগ করা যায়।',
  'job.errorAssigned': 'এই বুকিংটি আগেই একজন টেকনিশিয়ানকে দেওয়া হয়েছে।',
  'job.errorTechnician': 'দোকানের টেকনিশিয়ানদের একজনকে বেছে নিন।',
  'job.status.packed': 'টেকনিশিয়ান ঠিক করা হচ্ছে',
  'job.status.out_for_delivery': 'টেকনিশিয়ান আসছেন',
  'job.status.delivered': 'কাজ শেষ',
  'job.mail.packed': 'আপনার বুকিং {code} নিশ্চিত হয়েছে; একজন টেকনিশিয়ান ঠিক করা হচ্ছে।',
  'job.mail.out_for_delivery': 'আপনার বুকিং {code}-এর জন্য একজন টেকনিশিয়ান আসছেন।',
  'job.mail.delivered': 'আপনার বুকিং {code}-এর কাজ শেষ হয়েছে। {shop} বেছে নেওয়ার জন্য ধন্যবাদ।',
};

export const fa: Record<Key, string> = {
  'job.nav': 'کارهای من',
  'job.title': 'کارهای من',
  'job.intro':
    'رزروهایی که به شما سپرده شده است. هر کار پس از آنکه آن را انجام‌شده علامت بزنید از این فهرست بیرون می‌رود. هر بار که آن را باز می‌کنید، دریافت نام، تلفن و نشانی مشتری به‌دست شما در دفتری که مشتری می‌بیند ثبت می‌شود.',
  'job.none': 'در حال حاضر کاری ندارید.',
  'job.heading': 'کار',
  'job.technician': 'تکنسین',
  'job.customer': 'مشتری',
  'job.work': 'نوع کار',
  'job.time': 'زمان مراجعه',
  'job.collect': 'مبلغی که باید دریافت شود',
  'job.markDone': 'کار انجام شد',
  'job.done': 'انجام‌شده علامت خورد. این کار دیگر در فهرست شما نیست.',
  'job.errorStale': 'این رزرو در این فاصله تغییر کرد و انجام‌شده علامت نخورد.',
  'job.assign': 'اعزام تکنسین',
  'job.assignHint':
    'تکنسین فقط برای همین کار و تا پایان آن نام، تلفن و نشانی مشتری را دریافت می‌کند؛ هر بار در دفتر افشای اطلاعات که مشتری می‌بیند ثبت می‌شود.',
  'job.noTechnicians':
    'هنوز حساب تکنسینی وجود ندارد. مالک یک کارمند با نقش تکنسین را این‌گونه اضافه می‌کند: amanat staff add --role courier',
  'job.assignedAt': 'سپرده به تکنسین',
  'job.doneAt': 'زمان انجام کار',
  'job.markReady': 'آماده برای تکنسین',
  'job.errorNotReady': 'فقط رزروی که آماده برای تکنسین علامت خورده است سپرده می‌شود.',
  'job.errorAssigned': 'این رزرو پیش‌تر به یک تکنسین سپرده شده است.',
  'job.errorTechnician': 'یکی از تکنسین‌های فروشگاه را انتخاب کنید.',
  'job.status.packed': 'در حال تعیین تکنسین',
  'job.status.out_for_delivery': 'تکنسین در راه است',
  'job.status.delivered': 'کار انجام شد',
  'job.mail.packed': 'رزرو {code} شما تأیید شد؛ در حال تعیین تکنسین برای آن هستیم.',
  'job.mail.out_for_delivery': 'تکنسین برای رزرو {code} شما در راه است.',
  'job.mail.delivered': 'کار رزرو {code} شما انجام شد. از اینکه {shop} را انتخاب کردید سپاسگزاریم.',
};

export const vi: Record<Key, string> = {
  'job.nav': 'Việc của tôi',
  'job.title': 'Việc của tôi',
  'job.intro':
    'Các lịch hẹn được giao cho bạn. Việc rời khỏi danh sách này khi bạn đánh dấu đã xong. Mỗi lần bạn mở, việc bạn nhận tên, số điện thoại và địa chỉ của khách được ghi vào sổ đăng ký mà khách có thể xem.',
  'job.none': 'Hiện bạn không có việc nào.',
  'job.heading': 'Việc',
  'job.technician': 'Kỹ thuật viên',
  'job.customer': 'Khách hàng',
  'job.work': 'Công việc',
  'job.time': 'Thời gian đến',
  'job.collect': 'Tiền cần thu',
  'job.markDone': 'Đã xong việc',
  'job.done': 'Đã đánh dấu xong. Việc này không còn trong danh sách của bạn.',
  'job.errorStale': 'Lịch hẹn này đã thay đổi trong lúc đó và chưa được đánh dấu xong.',
  'job.assign': 'Phân công kỹ thuật viên',
  'job.assignHint':
    'Kỹ thuật viên nhận tên, số điện thoại và địa chỉ của khách chỉ cho việc này, cho đến khi xong; mỗi lần đều được ghi vào sổ tiết lộ thông tin mà khách có thể xem.',
  'job.noTechnicians':
    'Chưa có tài khoản kỹ thuật viên nào. Chủ cửa hàng thêm một nhân viên vai trò kỹ thuật viên bằng: amanat staff add --role courier',
  'job.assignedAt': 'Đã giao cho kỹ thuật viên',
  'job.doneAt': 'Xong việc lúc',
  'job.markReady': 'Sẵn sàng cho kỹ thuật viên',
  'job.errorNotReady': 'Chỉ lịch hẹn đã đánh dấu sẵn sàng cho kỹ thuật viên mới phân công được.',
  'job.errorAssigned': 'Lịch hẹn này đã được giao cho một kỹ thuật viên.',
  'job.errorTechnician': 'Chọn một trong các kỹ thuật viên của cửa hàng.',
  'job.status.packed': 'Đang phân công kỹ thuật viên',
  'job.status.out_for_delivery': 'Kỹ thuật viên đang đến',
  'job.status.delivered': 'Đã xong việc',
  'job.mail.packed': 'Lịch hẹn {code} của bạn đã được xác nhận; chúng tôi đang phân công kỹ thuật viên.',
  'job.mail.out_for_delivery': 'Kỹ thuật viên đang đến cho lịch hẹn {code} của bạn.',
  'job.mail.delivered': 'Công việc của lịch hẹn {code} đã xong. Cảm ơn bạn đã chọn {shop}.',
};
