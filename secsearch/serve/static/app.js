// secsearch: the only script, shipped with the package. Pages work without it; it adds the
// copy-citation buttons (hidden until this script shows them).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.dataset.citation;
      var done = function () { button.textContent = "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
      } else {
        fallback(text, done);
      }
    });
  });
});

function fallback(text, done) {
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "sr";
  document.body.appendChild(area);
  area.select();
  try { if (document.execCommand("copy")) { done(); } } finally { area.remove(); }
}
