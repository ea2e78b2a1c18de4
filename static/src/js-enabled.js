// Marks the body as JavaScript-enabled before first paint, as GOV.UK Frontend expects (no inline script: CSP).
document.documentElement.className += " js-enabled";
document.addEventListener("DOMContentLoaded", function () {
  document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
});
