/* Konfigurasjonsportalen: a "Kopier" button after each readonly input with data-copy-label (e.g. the new
   integration password). Progressive enhancement: without JavaScript there is no button, and the readonly input
   can be selected and copied by hand. No inline script (the Content-Security-Policy allows only 'self'). */
(function () {
  "use strict";
  function copyFrom(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.querySelectorAll("input[data-copy-label]").forEach(function (input) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button-secondary copy-button";
    button.textContent = input.dataset.copyLabel;
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyFrom(input).then(function () {
        status.textContent = input.dataset.copiedLabel;
      }, function () {
        input.focus();
        input.select();
        status.textContent = input.dataset.copyFailedLabel;
      });
    });
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", button);
  });
  document.querySelectorAll("input.secret[readonly]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
}());
