/*
 * Jalali date picker for <input data-jalali-picker>.
 *
 * Self-contained on purpose: the office runs where CDNs are blocked, and a date box must
 * work on every form, including ones htmx swaps in later — so listeners are delegated from
 * the document instead of bound to each input at page load.
 *
 * The picker only helps typing: it writes "۱۴۰۱/۰۲/۱۸" into the box, and people may still
 * type Persian or Latin digits with / - . separators; the server parses and validates.
 *
 * Calendar arithmetic is the jalaali-js algorithm (Borkowski's leap-year breaks, as used by
 * jalaali-js, MIT). For Jalali years 1200-1633 it agrees day for day with the 33-year rule
 * of jdatetime on the server, so the month lengths shown here are the ones the server accepts.
 */
(function () {
  "use strict";

  // A page may include the script twice (base template and a form's media): wire up once.
  if (window.AbadiJalali) { return; }

  // ------------------------------------------------------------------ calendar arithmetic

  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178];

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }

  // Leap state of Jalali year jy, its Gregorian year and the March day of 1 Farvardin.
  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, n, leap, leapG, i;
    if (jy < jp || jy >= BREAKS[BREAKS.length - 1]) {
      throw new RangeError("Jalali year out of range: " + jy);
    }
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) { break; }
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) { leapJ += 1; }
    leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    if (jump - n < 6) { n = n - jump + div(jump + 4, 33) * 33; }
    leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) { leap = 4; }
    return { leap: leap, gy: gy, march: 20 + leapJ - leapG };
  }

  // Gregorian date -> Julian day number, and back.
  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) +
      div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }

  function d2g(jdn) {
    var j = 4 * jdn + 139361631, i, gd, gm, gy;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    i = div(mod(j, 1461), 4) * 5 + 308;
    gd = div(mod(i, 153), 5) + 1;
    gm = mod(div(i, 153), 12) + 1;
    gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return { gy: gy, gm: gm, gd: gd };
  }

  // Jalali date -> Julian day number, and back.
  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }

  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) { return { jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 }; }
      k -= 186;
    } else {
      jy -= 1;
      k += 179;
      if (r.leap === 1) { k += 1; }
    }
    return { jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
  }

  function toJalali(gy, gm, gd) { return d2j(g2d(gy, gm, gd)); }
  function toGregorian(jy, jm, jd) { return d2g(j2d(jy, jm, jd)); }
  function isLeap(jy) { return jalCal(jy).leap === 0; }

  function monthLength(jy, jm) {
    if (jm <= 6) { return 31; }
    if (jm <= 11) { return 30; }
    return isLeap(jy) ? 30 : 29;
  }

  // Column of a day in a week that starts on Saturday (JDN 0 was a Monday).
  function weekColumn(jy, jm, jd) { return mod(j2d(jy, jm, jd) + 2, 7); }

  function today() {
    var now = new Date();
    return toJalali(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  // ------------------------------------------------------------------ text

  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  var WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  var WEEKDAY_NAMES = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹", ARABIC = "٠١٢٣٤٥٦٧٨٩";

  function faDigits(value) {
    return String(value).replace(/[0-9]/g, function (d) { return PERSIAN[+d]; });
  }

  function latinDigits(text) {
    return String(text).replace(/[۰-۹٠-٩]/g, function (d) {
      var i = PERSIAN.indexOf(d);
      return String(i >= 0 ? i : ARABIC.indexOf(d));
    });
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  function formatDate(d) {
    return faDigits(pad(d.jy, 4) + "/" + pad(d.jm, 2) + "/" + pad(d.jd, 2));
  }

  // What the server accepts: 1401/02/18, ۱۴۰۱-۲-۱۸, 1401.2.18, 14010218. Null if not a real day.
  function parseDate(text) {
    var s = latinDigits(text).trim(), m, d;
    m = /^(\d{4})\s*([\/\-.٫])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(s);
    if (m) {
      d = { jy: +m[1], jm: +m[3], jd: +m[4] };
    } else {
      m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      if (!m) { return null; }
      d = { jy: +m[1], jm: +m[2], jd: +m[3] };
    }
    if (d.jy < BREAKS[0] || d.jy >= BREAKS[BREAKS.length - 1]) { return null; }
    if (d.jm < 1 || d.jm > 12 || d.jd < 1 || d.jd > monthLength(d.jy, d.jm)) { return null; }
    return d;
  }

  function sameDay(a, b) { return !!a && !!b && a.jy === b.jy && a.jm === b.jm && a.jd === b.jd; }

  // Move a date by whole days, across months and years.
  function addDays(d, days) { return d2j(j2d(d.jy, d.jm, d.jd) + days); }

  function addMonths(view, months) {
    var index = view.jy * 12 + (view.jm - 1) + months;
    return { jy: div(index, 12), jm: mod(index, 12) + 1 };
  }

  // ------------------------------------------------------------------ the popup

  var SELECTOR = "input[data-jalali-picker]";
  var state = { input: null, popup: null, view: null, selected: null };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Chevrons drawn as SVG: text arrows and guillemets get bidi-mirrored, and Persian fonts
  // draw « » reversed, so their direction on screen cannot be trusted.
  var CHEVRONS = {
    right: "M6 3l5 5-5 5", right2: "M3 3l5 5-5 5M8 3l5 5-5 5",
    left: "M10 3L5 8l5 5", left2: "M8 3L3 8l5 5M13 3L8 8l5 5"
  };
  var SVG = "http://www.w3.org/2000/svg";

  function chevron(name) {
    var svg = document.createElementNS(SVG, "svg"), path = document.createElementNS(SVG, "path");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", CHEVRONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function navButton(label, icon, months) {
    var button = el("button", "jalali-picker-nav");
    button.appendChild(chevron(icon));
    button.type = "button";
    button.setAttribute("aria-label", label);
    button.setAttribute("data-months", String(months));
    return button;
  }

  function dayButton(day, column, now) {
    var date = { jy: state.view.jy, jm: state.view.jm, jd: day };
    var button = el("button", "jalali-picker-day", faDigits(day));
    button.type = "button";
    button.setAttribute("data-day", String(day));
    button.setAttribute("aria-label", WEEKDAY_NAMES[column] + " " + faDigits(day) + " " +
      MONTHS[date.jm - 1] + " " + faDigits(date.jy));
    button.tabIndex = -1;
    if (column === 6) { button.classList.add("is-holiday"); }
    if (sameDay(date, now)) {
      button.classList.add("is-today");
      button.setAttribute("aria-current", "date");
    }
    if (sameDay(date, state.selected)) {
      button.classList.add("is-selected");
      button.setAttribute("aria-pressed", "true");
    }
    return button;
  }

  // Years one may jump to: far enough back for a birth date, a few years ahead.
  var FIRST_YEAR = 1300, YEARS_AHEAD = 5;

  function jumpSelect(className, label, values, current, text) {
    var select = el("select", className);
    select.setAttribute("aria-label", label);
    values.forEach(function (value) {
      var option = el("option", null, text(value));
      option.value = String(value);
      if (value === current) { option.selected = true; }
      select.appendChild(option);
    });
    return select;
  }

  function header() {
    var row = el("div", "jalali-picker-header");
    // The month and year jump straight to any month (a birth date decades back).
    var title = el("div", "jalali-picker-title"), months = [], years = [], y, m;
    for (m = 1; m <= 12; m += 1) { months.push(m); }
    for (y = Math.max(today().jy, state.view.jy) + YEARS_AHEAD; y >= Math.min(FIRST_YEAR, state.view.jy); y -= 1) {
      years.push(y);
    }
    title.appendChild(jumpSelect("jalali-picker-month", "ماه", months, state.view.jm,
      function (value) { return MONTHS[value - 1]; }));
    title.appendChild(jumpSelect("jalali-picker-year", "سال", years, state.view.jy, faDigits));
    title.setAttribute("aria-live", "polite");
    // The calendar runs right to left: earlier is on the right, so its arrows point right.
    row.appendChild(navButton("سال قبل", "right2", -12));
    row.appendChild(navButton("ماه قبل", "right", -1));
    row.appendChild(title);
    row.appendChild(navButton("ماه بعد", "left", 1));
    row.appendChild(navButton("سال بعد", "left2", 12));
    return row;
  }

  function grid() {
    var table = el("div", "jalali-picker-grid"), now = today(), day, first, length;
    table.setAttribute("role", "grid");
    WEEKDAYS.forEach(function (name, i) {
      var cell = el("div", "jalali-picker-weekday" + (i === 6 ? " is-holiday" : ""), name);
      cell.title = WEEKDAY_NAMES[i];
      table.appendChild(cell);
    });
    first = weekColumn(state.view.jy, state.view.jm, 1);
    length = monthLength(state.view.jy, state.view.jm);
    for (day = 0; day < first; day += 1) { table.appendChild(el("div", "jalali-picker-blank")); }
    for (day = 1; day <= length; day += 1) {
      table.appendChild(dayButton(day, (first + day - 1) % 7, now));
    }
    return table;
  }

  function footer() {
    var row = el("div", "jalali-picker-footer");
    var button = el("button", "jalali-picker-today", "امروز");
    button.type = "button";
    row.appendChild(button);
    return row;
  }

  function render(focusDay) {
    var popup = state.popup;
    popup.textContent = "";
    popup.appendChild(header());
    popup.appendChild(grid());
    popup.appendChild(footer());
    var target = popup.querySelector('[data-day="' + (focusDay || 0) + '"]') ||
      popup.querySelector(".jalali-picker-day.is-selected") ||
      popup.querySelector(".jalali-picker-day.is-today") ||
      popup.querySelector(".jalali-picker-day");
    if (target) { target.tabIndex = 0; }
    if (focusDay && target) { target.focus(); }
  }

  function place() {
    var rect = state.input.getBoundingClientRect(), popup = state.popup;
    var width = popup.offsetWidth, rtl = getComputedStyle(state.input).direction === "rtl";
    var left = rtl ? rect.right - width : rect.left;
    left = Math.max(4, Math.min(left, document.documentElement.clientWidth - width - 4));
    popup.style.top = (rect.bottom + window.scrollY + 4) + "px";
    popup.style.left = (left + window.scrollX) + "px";
  }

  function viewFromInput() {
    var parsed = parseDate(state.input.value);
    state.selected = parsed;
    state.view = parsed ? { jy: parsed.jy, jm: parsed.jm } : (function (t) {
      return { jy: t.jy, jm: t.jm };
    })(today());
  }

  function open(input) {
    if (state.input === input || input.disabled || input.readOnly) { return; }
    close(false);
    state.input = input;
    state.popup = el("div", "jalali-picker");
    state.popup.setAttribute("role", "dialog");
    state.popup.setAttribute("aria-label", "انتخاب تاریخ");
    state.popup.setAttribute("dir", "rtl");
    state.popup.setAttribute("data-testid", "jalali-picker");
    state.popup.addEventListener("mousedown", function (event) {
      // Keep focus in the text box while clicking the calendar (a jump select takes it).
      if (!event.target.closest("select")) { event.preventDefault(); }
    });
    state.popup.addEventListener("click", onPopupClick);
    state.popup.addEventListener("change", onJump);
    state.popup.addEventListener("keydown", onPopupKey);
    document.body.appendChild(state.popup);
    input.setAttribute("aria-expanded", "true");
    viewFromInput();
    render(0);
    place();
  }

  function close(refocus) {
    var input = state.input;
    if (state.popup && state.popup.parentNode) { state.popup.parentNode.removeChild(state.popup); }
    state.popup = null;
    state.input = null;
    if (input) {
      input.setAttribute("aria-expanded", "false");
      if (refocus) { input.focus(); }
    }
  }

  function choose(date) {
    var input = state.input;
    input.value = formatDate(date);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function moveView(months) {
    state.view = addMonths(state.view, months);
    render(0);
  }

  function onJump(event) {
    var select = event.target;
    if (select.classList.contains("jalali-picker-month")) {
      state.view = { jy: state.view.jy, jm: +select.value };
    } else if (select.classList.contains("jalali-picker-year")) {
      state.view = { jy: +select.value, jm: state.view.jm };
    } else {
      return;
    }
    render(0);
    var again = state.popup.querySelector("select." + select.className);
    if (again) { again.focus(); }
  }

  function onPopupClick(event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-months")) {
      moveView(+button.getAttribute("data-months"));
    } else if (button.hasAttribute("data-day")) {
      choose({ jy: state.view.jy, jm: state.view.jm, jd: +button.getAttribute("data-day") });
    } else if (button.classList.contains("jalali-picker-today")) {
      choose(today());
    }
  }

  // Arrow keys follow the page direction: in RTL the left arrow moves to the next day.
  var KEY_DAYS = { ArrowLeft: 1, ArrowRight: -1, ArrowDown: 7, ArrowUp: -7 };

  function onPopupKey(event) {
    var button = event.target.closest("[data-day]"), target;
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
      return;
    }
    if (button && (event.key === "PageUp" || event.key === "PageDown")) {
      // Page keys turn the month; with Shift, the year.
      event.preventDefault();
      var months = (event.key === "PageDown" ? 1 : -1) * (event.shiftKey ? 12 : 1);
      var day = +button.getAttribute("data-day");
      state.view = addMonths(state.view, months);
      render(Math.min(day, monthLength(state.view.jy, state.view.jm)));
      return;
    }
    if (!button || !(event.key in KEY_DAYS)) { return; }
    event.preventDefault();
    target = addDays({ jy: state.view.jy, jm: state.view.jm, jd: +button.getAttribute("data-day") },
      KEY_DAYS[event.key]);
    state.view = { jy: target.jy, jm: target.jm };
    render(target.jd);
  }

  function onInputKey(event) {
    if (event.key === "Escape" && state.popup) {
      event.preventDefault();
      close(false);
    } else if (event.key === "ArrowDown") {
      if (!state.popup) { open(event.target); }
      var day = state.popup && state.popup.querySelector('.jalali-picker-day[tabindex="0"]');
      if (day) {
        event.preventDefault();
        day.focus();
      }
    }
  }

  // ------------------------------------------------------------------ wiring

  function pickerInput(target) {
    return target && target.closest ? target.closest(SELECTOR) : null;
  }

  document.addEventListener("focusin", function (event) {
    var input = pickerInput(event.target);
    if (input) {
      open(input);
    } else if (state.popup && !state.popup.contains(event.target)) {
      close(false);
    }
  });

  document.addEventListener("click", function (event) {
    var input = pickerInput(event.target);
    // The path, not contains(): a month button is detached by the re-render it triggers.
    if (input) {
      open(input);
    } else if (state.popup && event.composedPath().indexOf(state.popup) < 0) {
      close(false);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (pickerInput(event.target)) { onInputKey(event); }
  });

  // Typing a complete date moves the calendar to it.
  document.addEventListener("input", function (event) {
    if (!state.popup || event.target !== state.input) { return; }
    var parsed = parseDate(state.input.value);
    if (parsed) {
      state.selected = parsed;
      state.view = { jy: parsed.jy, jm: parsed.jm };
      render(0);
    }
  });

  window.addEventListener("resize", function () { if (state.popup) { place(); } });

  // htmx may replace the form under an open picker.
  document.addEventListener("htmx:beforeSwap", function () { close(false); });

  window.AbadiJalali = {
    toJalali: toJalali,
    toGregorian: toGregorian,
    isLeap: isLeap,
    monthLength: monthLength,
    weekColumn: weekColumn,
    parse: parseDate,
    format: formatDate,
    today: today,
    open: open,
    close: close
  };
}());
