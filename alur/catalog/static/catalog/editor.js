// The draft editor's line numbers: a gutter beside the textarea, kept to its lines and its scroll.
(function () {
  function attach(field) {
    var gutter = field.querySelector(".gutter");
    var text = field.querySelector("textarea");
    if (!gutter || !text) return;
    function number() {
      var count = text.value.split("\n").length;
      var lines = [];
      for (var i = 1; i <= count; i++) lines.push(i);
      gutter.textContent = lines.join("\n");
      gutter.scrollTop = text.scrollTop;
    }
    text.addEventListener("input", number);
    text.addEventListener("scroll", function () { gutter.scrollTop = text.scrollTop; });
    number();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-line-numbers]").forEach(attach);
  });
})();
