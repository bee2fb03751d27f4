// The area picker (abadi/geography/forms.py: AreaInput). As one types, the server's hint
// below the box lists the places whose name holds the text (geography:area_hint); a tap,
// or the arrow keys and Enter, choose one: the box takes the place's code and the hint
// confirms the place. Escape closes the list.
(function () {
  "use strict";
  function pickerOf(element) {
    const picker = element.closest(".area-picker");
    return picker && {
      input: picker.querySelector("[data-testid='area-input']"),
      options: Array.from(picker.querySelectorAll("[data-area-choice]")),
    };
  }
  function choose(option) {
    const picker = pickerOf(option);
    if (!picker || !picker.input) return;
    picker.input.value = option.dataset.areaChoice;
    picker.input.dispatchEvent(new Event("input", { bubbles: true }));
    picker.input.focus();
  }
  function mark(options, index) {
    options.forEach((option, i) => {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (options[index]) options[index].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-area-choice]");
    if (option) choose(option);
  });
  document.addEventListener("keydown", (event) => {
    const input = event.target.closest && event.target.closest("[data-testid='area-input']");
    if (!input) return;
    const picker = pickerOf(input);
    if (!picker || !picker.options.length) return;
    const current = picker.options.findIndex((option) => option.classList.contains("active"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      mark(picker.options, (current + step + picker.options.length) % picker.options.length);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      choose(picker.options[current]);
    } else if (event.key === "Escape") {
      picker.options[0].closest("ul").remove();
    }
  });
})();
