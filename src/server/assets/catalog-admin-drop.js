// Drag and drop for the photo upload (an optional island): a file dropped on the zone goes into its file input.
// Without JavaScript the plain file input works the same, and on a phone it offers the camera (accept="image/*").
for (const zone of document.querySelectorAll('.drop-zone')) {
  const input = zone.querySelector('input[type=file]');
  if (!input) continue;
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (event.dataTransfer?.files.length) input.files = event.dataTransfer.files;
  });
}
