// Repairs to Dash 4's own components that assistive technology trips over (axe-core finds them):
// checklists and radio items drawn as listboxes of options around native inputs (nested controls,
// no name), the date range's wrapper with ARIA a div may not carry, its clear "button" that is an
// <a> without href, and dropdowns' hidden inputs that still take the focus. The native controls
// inside stay, with their own labels; the map and the callbacks do not notice.
(function () {
  function labelOf(element) {
    const label = element.id && document.querySelector('label[for="' + CSS.escape(element.id) + '"]');
    return label ? label.textContent.trim() : null;
  }
  function repair() {
    // Only checklists and radio items: a dropdown's list is a real listbox, which its keyboard needs.
    const lists = ".dash-checklist.dash-options-list, .dash-radioitems.dash-options-list";
    document.querySelectorAll(lists.replace(/, /g, '[role="listbox"], ') + '[role="listbox"]').forEach(function (list) {
      list.setAttribute("role", "group");
      const name = labelOf(list);
      if (name && !list.hasAttribute("aria-label")) list.setAttribute("aria-label", name);
    });
    document.querySelectorAll(
      lists.split(", ").map((l) => l + " > .dash-options-list-option[role], " + l + " > .dash-options-list-option[aria-selected]").join(", ")
    ).forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    document.querySelectorAll(".dash-datepicker-input-wrapper[aria-haspopup]").forEach(function (wrapper) {
      ["aria-haspopup", "aria-expanded", "aria-disabled", "aria-labelledby", "type"].forEach(function (name) {
        wrapper.removeAttribute(name);
      });
      wrapper.setAttribute("role", "group");
      wrapper.setAttribute("aria-label", (labelOf({ id: wrapper.id.replace(/-wrapper$/, "") }) || "Dates") + " range");
    });
    document.querySelectorAll("a.dash-datepicker-clear:not([role])").forEach(function (clear) {
      clear.setAttribute("role", "button");
      clear.setAttribute("tabindex", "0");
    });
    document.querySelectorAll('.dropzone input[type="file"]:not([aria-label])').forEach(function (input) {
      input.setAttribute("aria-label", "Documents to add (.txt, .md or .html)");
    });
    // A dropdown takes the keyboard's focus through this input, hidden from assistive technology:
    // it is shown to it instead, named as the dropdown is.
    document.querySelectorAll('.dash-dropdown-focus-target[aria-hidden="true"]').forEach(function (input) {
      const button = input.parentElement && input.parentElement.querySelector("button.dash-dropdown");
      const placeholder = button && button.querySelector(".dash-dropdown-value");
      input.removeAttribute("aria-hidden");
      input.setAttribute("aria-label", (button && labelOf(button)) || (placeholder ? placeholder.textContent : "Choose"));
      input.setAttribute("aria-haspopup", "listbox");
    });
  }
  let pending = false;
  function later() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        repair();
      });
    }
  }
  function start() {
    repair();
    new MutationObserver(later).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["role", "aria-selected", "aria-haspopup", "aria-hidden"],
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
