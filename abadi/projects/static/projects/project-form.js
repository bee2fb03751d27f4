// The project form: only the capacity fields of the chosen type are shown (the server
// refuses the others anyway), only the executor fields of the chosen kind, and a place
// picked among the candidates of a shared name replaces its line in the places box.
(function () {
  "use strict";
  var specElement = document.getElementById("capacity-spec");
  var type = document.querySelector("[data-capacity-type]");
  if (specElement && type) {
    var spec = JSON.parse(specElement.textContent);
    var fields = document.querySelectorAll("[data-capacity]");
    var showCapacity = function () {
      var chosen = spec[type.value];
      fields.forEach(function (input) {
        var wrapper = input.closest(".mb-3");
        var name = input.dataset.capacity;
        var wanted = !chosen || chosen.required.indexOf(name) >= 0 || chosen.optional.indexOf(name) >= 0;
        if (wrapper) {
          wrapper.classList.toggle("d-none", !wanted && !input.value);
        }
        input.required = !!chosen && chosen.required.indexOf(name) >= 0;
      });
    };
    type.addEventListener("change", showCapacity);
    showCapacity();
  }

  var kind = document.querySelector("select[name$='executor_kind']");
  if (kind) {
    var byKind = {
      organisation: document.querySelector("[name$='executor_organisation']"),
      group: [document.querySelector("[name$='executor_group_name']"), document.querySelector("[name$='executor_group_atlas_id']")],
    };
    var showExecutor = function () {
      var group = kind.value === "group";
      var organisation = kind.value === "contractor" || kind.value === "agency";
      var wrap = function (input, visible) {
        var wrapper = input && input.closest(".mb-3");
        if (wrapper) {
          wrapper.classList.toggle("d-none", !visible && !input.value);
        }
      };
      wrap(byKind.organisation, organisation || !kind.value);
      byKind.group.forEach(function (input) {
        wrap(input, group || !kind.value);
      });
    };
    kind.addEventListener("change", showExecutor);
    showExecutor();
  }

  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-place-choice]");
    if (!choice) {
      return;
    }
    var hint = choice.closest(".area-hint");
    var box = hint && hint.parentElement.querySelector("[data-testid='places-input']");
    if (!box) {
      return;
    }
    var lines = box.value.split(/[\n\r؛;]+/).map(function (line) {
      return line.trim();
    }).filter(function (line) {
      return line.length > 0;
    });
    lines[Number(choice.dataset.placeLine)] = choice.dataset.placeChoice;
    box.value = lines.join("\n");
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  });
})();
