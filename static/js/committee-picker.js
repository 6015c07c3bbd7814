// Committee pickers: a text input marked data-committee-picker gets suggestions as the user types, fetched from
// its data-suggest-url (committees of the user's scope, accents and case ignored). Choosing one fills in
// "code — name", which the server accepts; without this script the input still takes a code or a name.
(() => {
  const DELAY_MS = 200;
  let counter = 0;

  function setUp(input) {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    const list = document.createElement("ul");
    list.id = `${input.id || `committee-picker-${++counter}`}-suggestions`;
    list.className = "list-group committee-suggestions shadow";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.parentElement.classList.add("position-relative");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let results = [];
    let active = -1;
    let timer = null;
    let pending = null;

    const close = () => {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };

    const highlight = (index) => {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, i) => {
        option.classList.toggle("active", i === index);
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };

    const choose = (index) => {
      const chosen = results[index];
      if (!chosen) return;
      input.value = chosen.label;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };

    const show = (found) => {
      results = found;
      list.replaceChildren();
      found.forEach((result, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.label;
        if (result.parent) {
          const parent = document.createElement("div");
          parent.className = "small text-body-secondary";
          parent.textContent = result.parent;
          option.append(parent);
        }
        // mousedown, not click: the input must not lose its focus (and close the list) first.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(i);
        });
        list.append(option);
      });
      // Just under the input, as wide as it (the parent is the positioned box; set through the CSSOM, which the
      // Content-Security-Policy allows, unlike style attributes).
      list.style.top = `${input.offsetTop + input.offsetHeight}px`;
      list.style.left = `${input.offsetLeft}px`;
      list.style.width = `${input.offsetWidth}px`;
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      highlight(-1);
    };

    const fetchSuggestions = async () => {
      if (pending) pending.abort();
      pending = new AbortController();
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", input.value);
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: pending.signal,
        });
        if (!response.ok) return close();
        const data = await response.json();
        if (document.activeElement === input) show(data.results || []);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("blur", () => {
      clearTimeout(timer);
      close();
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) return fetchSuggestions();
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // the suggestion is chosen; the form is not sent yet
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
  }

  const setUpAll = (root) => {
    for (const input of root.querySelectorAll("input[data-committee-picker]")) setUp(input);
  };
  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
