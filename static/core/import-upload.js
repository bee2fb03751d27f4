// The upload page: refuse an oversized file before it is sent.
(function () {
  "use strict";
  var input = document.getElementById("import-file");
  if (!input) {
    return;
  }
  input.addEventListener("change", function () {
    var tooBig = input.files.length > 0 && input.files[0].size > Number(input.dataset.maxBytes);
    input.classList.toggle("is-invalid", tooBig);
    input.setCustomValidity(tooBig ? document.getElementById("import-file-too-big").textContent : "");
  });
})();
