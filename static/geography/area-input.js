// Choosing one of the places a shared name matches: the box takes the place's code, and
// the hint beside it confirms the choice.
document.addEventListener("click", (event) => {
  const choice = event.target.closest("[data-area-choice]");
  if (!choice) return;
  const hint = choice.closest(".area-hint");
  const input = hint && hint.parentElement.querySelector("[data-testid='area-input']");
  if (!input) return;
  input.value = choice.dataset.areaChoice;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.focus();
});
