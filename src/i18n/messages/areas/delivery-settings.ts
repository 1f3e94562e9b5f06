/**
 * Messages of the delivery settings (delivery areas and their fees, the claim period, the shop's languages) and what
 * checkout, the cart and the order show of them, in the four languages. English defines the keys.
 */
export const en = {
  'deliveryAreas.legend': 'Delivery areas and fees',
  'deliveryAreas.hint':
    'Each area has its own fee in {currency}. Customers choose their area at checkout. To add an area, fill in a blank row; to stop delivering somewhere for now, untick “We deliver here”.',
  'deliveryAreas.area': 'Area {number, number}',
  'deliveryAreas.newArea': 'New area',
  'deliveryAreas.nameIn': 'Name ({language})',
  'deliveryAreas.fee': 'Fee ({currency})',
  'deliveryAreas.enabled': 'We deliver here',
  'deliveryAreas.remove': 'Remove this area',
  'deliveryAreas.errorNoArea': 'Keep at least one area that you deliver to.',
  'deliveryAreas.errorNameRepeated': 'Another area already has this name.',
  'deliveryAreas.errorFeeDecimals':
    'Use no more decimals than the currency has (none for đồng and rials, two for taka).',
  'settings.key.deliveryAreas': 'delivery areas',
  'checkout.deliveryArea': 'Delivery area',
  'checkout.deliveryAreaOnly': 'We deliver to: {area}',
  'checkout.errorAreaRequired': 'Choose the area we deliver to.',
  'checkout.errorAreaUnavailable': 'We no longer deliver to this area. Choose another one.',
  'checkout.totalTo': 'Total with delivery to {area}',
  'cart.feeDependsOnArea': 'The delivery fee depends on your area; you choose it at checkout.',
  'order.deliveryFeeTo': 'Delivery fee ({area})',
  'order.deliveryArea': 'Delivery area',
  'policy.retention.order_deliveryDays':
    'Until the order is delivered and its claims are settled: claims are accepted within {days, plural, one {# day} other {# days}} of delivery',
  'terms.claimsTitle': 'Claims',
  'terms.claims':
    'If something arrives damaged, wrong or missing, tell us within {days, plural, one {# day} other {# days}} of delivery.',
  'settings.claimDays': 'Claims accepted within this many days of delivery',
  'settings.claimDaysHint': 'From 1 to 365. The privacy policy says that delivery details are kept at least this long.',
  'settings.errorClaimDays': 'Enter a whole number of days from 1 to 365.',
  'settings.key.claimDays': 'claim period',
  'settings.languages': 'Languages of the storefront',
  'settings.languagesHint':
    'The shop’s own language ({language}) is always offered. Staff pages stay available in every language.',
  'settings.key.languages': 'storefront languages',
} as const;

type Key = keyof typeof en;
export const bn: Record<Key, string> = {
  'deliveryAreas.legend': 'ডেলিভারি এলাকা ও চার্জ',
  'deliveryAreas.hint':
    'প্রতিটি এলাকার নিজস্ব চার্জ ({currency})। গ্রাহক চেকআউটে নিজের এলাকা বেছে নেন। নতুন এলাকা যোগ করতে একটি ফাঁকা সারি পূরণ করুন; কোথাও আপাতত ডেলিভারি বন্ধ রাখতে “এখানে ডেলিভারি দিই” থেকে টিক তুলে দিন।',
  'deliveryAreas.area': 'এলাকা {number, number}',
  'deliveryAreas.newArea': 'নতুন এলাকা',
  'deliveryAreas.nameIn': 'নাম ({language})',
  'deliveryAreas.fee': 'চার্জ ({currency})',
  'deliveryAreas.enabled': 'এখানে ডেলিভারি দিই',
  'deliveryAreas.remove': 'এই এলাকা মুছে ফেলুন',
  'deliveryAreas.errorNoArea': 'অন্তত একটি এলাকা রাখুন যেখানে আপনি ডেলিভারি দেন।',
  'deliveryAreas.errorNameRepeated': 'এই নামে আরেকটি এলাকা আগেই আছে।',
  'deliveryAreas.errorFeeDecimals': 'মুদ্রার যত দশমিক ঘর আছে তার বেশি দেবেন না (টাকায় দুই ঘর, ডং ও রিয়ালে একটিও নয়)।',
  'settings.key.deliveryAreas': 'ডেলিভারি এলাকা',
  'checkout.deliveryArea': 'ডেলিভারি এলাকা',
  'checkout.deliveryAreaOnly': 'আমরা ডেলিভারি দিই: {area}',
  'checkout.errorAreaRequired': 'কোন এলাকায় ডেলিভারি দেব তা বেছে নিন।',
  'checkout.errorAreaUnavailable': 'এই এলাকায় আমরা এখন আর ডেলিভারি দিই না। অন্য একটি এলাকা বেছে নিন।',
  'checkout.totalTo': '{area} এলাকায় ডেলিভারিসহ মোট',
  'cart.feeDependsOnArea': 'ডেলিভারি চার্জ আপনার এলাকার ওপর নির্ভর করে; চেকআউটে এলাকা বেছে নেবেন।',
  'order.deliveryFeeTo': 'ডেলিভারি চার্জ ({area})',
  'order.deliveryArea': 'ডেলিভারি এলাকা',
  'policy.retention.order_deliveryDays':
    'অর্ডার ডেলিভারি হওয়া এবং এ সংক্রান্ত দাবি নিষ্পত্তি হওয়া পর্যন্ত: ডেলিভারির {days, plural, other {# দিনের}} মধ্যে দাবি গ্রহণ করা হয়',
  'terms.claimsTitle': 'দাবি',
  'terms.claims':
    'কোনো পণ্য ক্ষতিগ্রস্ত, ভুল বা অনুপস্থিত অবস্থায় পৌঁছালে ডেলিভারির {days, plural, other {# দিনের}} মধ্যে আমাদের জানান।',
  'settings.claimDays': 'ডেলিভারির কত দিনের মধ্যে দাবি গ্রহণ করা হয়',
  'settings.claimDaysHint': '১ থেকে ৩৬৫। গোপনীয়তা নীতিতে বলা হয় যে ডেলিভারির তথ্য অন্তত এতদিন রাখা হয়।',
  'settings.errorClaimDays': '১ থেকে ৩৬৫-এর মধ্যে একটি পূর্ণ সংখ্যা লিখুন।',
  'settings.key.claimDays': 'দাবির সময়সীমা',
  'settings.languages': 'দোকানের ওয়েবসাইটের ভাষা',
  'settings.languagesHint': 'দোকানের নিজের ভাষা ({language}) সবসময় থাকে। স্টাফদের পাতা সব ভাষাতেই পাওয়া যায়।',
  'settings.key.languages': 'ওয়েবসাইটের ভাষা',
};

export const fa: Record<Key, string> = {
  'deliveryAreas.legend': 'مناطق ارسال و هزینه‌ها',
  'deliveryAreas.hint':
    'هر منطقه هزینه ارسال خود را دارد ({currency}). مشتری هنگام ثبت سفارش منطقه خود را انتخاب می‌کند. برای افزودن منطقه یک ردیف خالی را پر کنید؛ برای توقف موقت ارسال به جایی، تیک «به اینجا ارسال می‌کنیم» را بردارید.',
  'deliveryAreas.area': 'منطقه {number, number}',
  'deliveryAreas.newArea': 'منطقه جدید',
  'deliveryAreas.nameIn': 'نام ({language})',
  'deliveryAreas.fee': 'هزینه ارسال ({currency})',
  'deliveryAreas.enabled': 'به اینجا ارسال می‌کنیم',
  'deliveryAreas.remove': 'حذف این منطقه',
  'deliveryAreas.errorNoArea': 'دست‌کم یک منطقه را که به آن ارسال می‌کنید نگه دارید.',
  'deliveryAreas.errorNameRepeated': 'منطقه دیگری همین نام را دارد.',
  'deliveryAreas.errorFeeDecimals':
    'بیش از رقم‌های اعشاری واحد پول وارد نکنید (برای دونگ و ریال هیچ، برای تاکا دو رقم).',
  'settings.key.deliveryAreas': 'مناطق ارسال',
  'checkout.deliveryArea': 'منطقه ارسال',
  'checkout.deliveryAreaOnly': 'ارسال به: {area}',
  'checkout.errorAreaRequired': 'منطقه‌ای را که سفارش به آن ارسال شود انتخاب کنید.',
  'checkout.errorAreaUnavailable': 'دیگر به این منطقه ارسال نمی‌کنیم. منطقه دیگری انتخاب کنید.',
  'checkout.totalTo': 'جمع کل با ارسال به {area}',
  'cart.feeDependsOnArea': 'هزینه ارسال به منطقه شما بستگی دارد؛ آن را هنگام ثبت سفارش انتخاب می‌کنید.',
  'order.deliveryFeeTo': 'هزینه ارسال ({area})',
  'order.deliveryArea': 'منطقه ارسال',
  'policy.retention.order_deliveryDays':
    'تا تحویل سفارش و حل‌وفصل ادعاهای مربوط به آن: ادعاها تا {days, plural, other {# روز}} پس از تحویل پذیرفته می‌شوند',
  'terms.claimsTitle': 'ادعاها',
  'terms.claims':
    'اگر کالایی آسیب‌دیده، اشتباه یا ناقص به دستتان رسید، تا {days, plural, other {# روز}} پس از تحویل به ما اطلاع دهید.',
  'settings.claimDays': 'ادعاها تا چند روز پس از تحویل پذیرفته می‌شوند',
  'settings.claimDaysHint': 'از ۱ تا ۳۶۵. سیاست حریم خصوصی می‌گوید اطلاعات ارسال دست‌کم تا این مدت نگه داشته می‌شود.',
  'settings.errorClaimDays': 'یک عدد صحیح از ۱ تا ۳۶۵ روز وارد کنید.',
  'settings.key.claimDays': 'مهلت ادعا',
  'settings.languages': 'زبان‌های ویترین فروشگاه',
  'settings.languagesHint':
    'زبان اصلی فروشگاه ({language}) همیشه ارائه می‌شود. صفحه‌های کارکنان به همه زبان‌ها در دسترس می‌مانند.',
  'settings.key.languages': 'زبان‌های ویترین',
};

export const vi: Record<Key, string> = {
  'deliveryAreas.legend': 'Khu vực giao hàng và phí',
  'deliveryAreas.hint':
    'Mỗi khu vực có phí giao hàng riêng ({currency}). Khách hàng chọn khu vực của mình khi thanh toán. Để thêm khu vực, hãy điền vào một dòng trống; để tạm ngừng giao đến một nơi, bỏ chọn “Chúng tôi giao đến đây”.',
  'deliveryAreas.area': 'Khu vực {number, number}',
  'deliveryAreas.newArea': 'Khu vực mới',
  'deliveryAreas.nameIn': 'Tên ({language})',
  'deliveryAreas.fee': 'Phí ({currency})',
  'deliveryAreas.enabled': 'Chúng tôi giao đến đây',
  'deliveryAreas.remove': 'Xóa khu vực này',
  'deliveryAreas.errorNoArea': 'Hãy giữ ít nhất một khu vực mà bạn giao hàng đến.',
  'deliveryAreas.errorNameRepeated': 'Đã có một khu vực khác mang tên này.',
  'deliveryAreas.errorFeeDecimals':
    'Không nhập nhiều chữ số thập phân hơn đơn vị tiền tệ cho phép (đồng và rial: không có, taka: hai chữ số).',
  'settings.key.deliveryAreas': 'khu vực giao hàng',
  'checkout.deliveryArea': 'Khu vực giao hàng',
  'checkout.deliveryAreaOnly': 'Chúng tôi giao đến: {area}',
  'checkout.errorAreaRequired': 'Hãy chọn khu vực giao hàng.',
  'checkout.errorAreaUnavailable': 'Chúng tôi không còn giao đến khu vực này. Hãy chọn khu vực khác.',
  'checkout.totalTo': 'Tổng cộng khi giao đến {area}',
  'cart.feeDependsOnArea': 'Phí giao hàng tùy theo khu vực của bạn; bạn chọn khu vực khi thanh toán.',
  'order.deliveryFeeTo': 'Phí giao hàng ({area})',
  'order.deliveryArea': 'Khu vực giao hàng',
  'policy.retention.order_deliveryDays':
    'Cho đến khi đơn hàng được giao và các khiếu nại liên quan được giải quyết xong: khiếu nại được nhận trong vòng {days, plural, other {# ngày}} kể từ khi giao hàng',
  'terms.claimsTitle': 'Khiếu nại',
  'terms.claims':
    'Nếu hàng đến nơi bị hư hỏng, sai hoặc thiếu, hãy báo cho chúng tôi trong vòng {days, plural, other {# ngày}} kể từ khi giao hàng.',
  'settings.claimDays': 'Nhận khiếu nại trong vòng bao nhiêu ngày kể từ khi giao hàng',
  'settings.claimDaysHint':
    'Từ 1 đến 365. Chính sách bảo mật nói rằng thông tin giao hàng được giữ ít nhất trong thời gian này.',
  'settings.errorClaimDays': 'Hãy nhập một số ngày nguyên từ 1 đến 365.',
  'settings.key.claimDays': 'thời hạn khiếu nại',
  'settings.languages': 'Ngôn ngữ của cửa hàng trực tuyến',
  'settings.languagesHint':
    'Ngôn ngữ chính của cửa hàng ({language}) luôn được cung cấp. Các trang dành cho nhân viên vẫn có đủ mọi ngôn ngữ.',
  'settings.key.languages': 'ngôn ngữ cửa hàng',
};
