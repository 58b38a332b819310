// Buttons marked data-print open the browser's print dialogue. A file of its own because
// the Content-Security-Policy runs no inline handlers (onclick="window.print()").
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
