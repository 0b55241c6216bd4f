/* global document, HTMLFormElement */
// Optional: every page works without it. A form marked data-once (the sign-in button) is sent once:
// a double click would post the one-time link twice, and the second post would show "already used".
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-once')) return;
  if (form.dataset.sent === 'yes') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'yes';
});
