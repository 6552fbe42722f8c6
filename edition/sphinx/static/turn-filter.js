// The edition page's filter: show the turns of chosen speakers and topics that contain every keyword.
// Progressive enhancement: without this script the form stays hidden and every turn shows.
// Matching is edition.filter_turns's rule (edition/notebook/frame.py), and tests/test_filter_differential.py
// checks that the page shows what filter_turns returns for every word of the record: any chosen speaker, any
// chosen topic, and every keyword one of the turn's words. Text and keywords are lower-cased, then composed
// (NFC); a word is a maximal run of letters, digits and "_" ([\p{L}\p{N}_], exactly Python's \w), so
// apostrophes, hyphens and dashes separate words. The speaker's label is not one of the speaker's words.
// The address keeps the view (?speaker=, ?topic=, ?q=), so a link shares it: "Copy link to this view" copies
// it, and a page opened with a view in its address starts at the record rather than at the top.
// The notes follow the view: the notes of hidden turns are hidden too, until the reader asks for all of them;
// and a printed view says, above the record, which filter it shows and where the whole record is.
(function () {
  "use strict";
  const form = document.querySelector("form.turn-filter");
  if (!form) return;
  const turns = Array.from(document.querySelectorAll(".transcript .turn"));
  const gaps = Array.from(document.querySelectorAll(".transcript .gap"));
  const count = form.querySelector(".turn-filter-count");
  const keyword = form.elements.q;
  const WORD = /[\p{L}\p{N}_]+/gu;
  const wordsOf = (text) => text.toLowerCase().normalize("NFC").match(WORD) || [];

  // The speaker's words only: no turn number, speaker's label ("Kissinger." in bold at the start of the first
  // paragraph), topic labels or note markers.
  const words = new Map(turns.map((turn) => {
    const copy = turn.cloneNode(true);
    copy.querySelectorAll(".ed, .footnote-reference").forEach((e) => e.remove());
    const label = copy.querySelector("p")?.firstChild;
    if (label?.nodeName === "STRONG" && label.textContent === `${turn.dataset.speaker}.`) label.remove();
    return [turn, new Set(wordsOf(copy.textContent))];
  }));

  const copyButton = form.querySelector(".turn-filter-copy");
  const linkField = form.querySelector(".turn-filter-link");
  const copied = form.querySelector(".turn-filter-copied");

  // Each note with the turns and gaps that refer to it; a note referred to from elsewhere always shows.
  const notes = Array.from(document.querySelectorAll("aside.footnote-list > aside.footnote"), (note) => [
    note,
    Array.from(document.querySelectorAll(`a.footnote-reference[href="#${CSS.escape(note.id)}"]`), (a) =>
      a.closest(".transcript .turn, .transcript .gap")),
  ]);
  let allNotes = false;
  const notesStatus = document.createElement("p");
  notesStatus.className = "notes-filter";
  notesStatus.hidden = true;
  const notesCount = document.createElement("span");
  notesCount.setAttribute("role", "status");
  const notesButton = document.createElement("button");
  notesButton.type = "button";
  notesButton.className = "notes-filter-toggle";
  notesStatus.append(notesCount, " ", notesButton);
  notes[0]?.[0].parentElement.before(notesStatus);
  notesButton.addEventListener("click", () => { allNotes = !allNotes; apply(); });

  // Printed, a filtered view says so (on screen, the count above does).
  const printed = document.createElement("p");
  printed.className = "turn-filter-print";
  form.closest(".turn-tools")?.after(printed);

  const chosen = (name) => Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (i) => i.value);

  function apply() {
    const speakers = chosen("speaker");
    const topics = chosen("topic");
    const keywords = wordsOf(keyword.value);
    let shown = 0;
    for (const turn of turns) {
      const match =
        (speakers.length === 0 || speakers.includes(turn.dataset.speaker)) &&
        (topics.length === 0 || turn.dataset.topics.split(" ").some((t) => topics.includes(t))) &&
        keywords.every((w) => words.get(turn).has(w));
      turn.hidden = !match;
      if (match) shown += 1;
    }
    const filtering = speakers.length > 0 || topics.length > 0 || keywords.length > 0;
    gaps.forEach((gap) => { gap.hidden = filtering; });
    let notesShown = 0;
    for (const [note, places] of notes) {
      const hide = filtering && !allNotes && places.length > 0 && places.every((place) => place && place.hidden);
      note.hidden = hide;
      if (!hide) notesShown += 1;
    }
    notesStatus.hidden = !filtering;
    notesCount.textContent = allNotes
      ? `Showing all ${notes.length} notes.`
      : `Showing the ${notesShown} notes of the turns shown (of ${notes.length}).`;
    notesButton.textContent = allNotes ? "Show only the notes of the turns shown" : "Show all notes";
    printed.textContent = filtering ? printedView(speakers, topics, keyword.value.trim(), shown) : "";
    count.textContent =
      shown === 0 ? "No turns match." :
      filtering ? `Showing ${shown} of ${turns.length} turns.` : `Showing all ${turns.length} turns.`;
    const params = new URLSearchParams();
    speakers.forEach((s) => params.append("speaker", s));
    topics.forEach((t) => params.append("topic", t));
    if (keyword.value.trim()) params.set("q", keyword.value.trim());
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
    linkField.hidden = true;  // a link shown for copying is the previous view's
    copied.textContent = "";
  }

  function printedView(speakers, topics, words, shown) {
    const labels = (name, values) => values.map((value) =>
      form.querySelector(`input[name="${name}"][value="${CSS.escape(value)}"]`)?.parentElement.textContent.trim() || value);
    const parts = [];
    if (speakers.length) parts.push(`speaker ${labels("speaker", speakers).join(" or ")}`);
    if (topics.length) parts.push(`topic ${labels("topic", topics).join(" or ")}`);
    if (words) parts.push(`keyword \u201c${words}\u201d`);
    const notesPart = allNotes ? "all the notes" : "the notes of those turns";
    return `A filtered view: ${shown} of ${turns.length} turns (${parts.join("; ")}), with ${notesPart}. ` +
      `The whole record: ${location.href.split(/[?#]/)[0]}`;
  }

  function restore() {
    const params = new URLSearchParams(location.search);
    for (const name of ["speaker", "topic"]) {
      const values = params.getAll(name);
      form.querySelectorAll(`input[name="${name}"]`).forEach((i) => { i.checked = values.includes(i.value); });
    }
    keyword.value = params.get("q") || "";
  }

  function announce(message) {
    // Emptied first, so that a second copy is announced again.
    copied.textContent = "";
    setTimeout(() => { copied.textContent = message; }, 50);
  }

  // The Clipboard API first. Where it is missing or refused, the link appears in a read-only field, selected,
  // and the older copy command is tried; if that fails too, the selected link waits for the reader to copy it.
  async function copyLink() {
    const link = location.href.split("#")[0];
    try {
      await navigator.clipboard.writeText(link);
      linkField.hidden = true;
      announce("Link copied");
      return;
    } catch (error) {
      // no Clipboard API on this page, or the browser refused it: fall back to the field
    }
    linkField.value = link;
    linkField.hidden = false;
    linkField.focus();
    linkField.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    announce(done ? "Link copied" : "The link is selected: copy it with Ctrl+C (\u2318C on a Mac).");
  }

  // A shared view opens at the record: at the filter, so the reader sees what it shows, or, where the filter
  // would push the first turn shown into the last quarter of the screen or below it (a phone), at its count,
  // with the turns right below. Stylesheets or fonts that arrive late can move things: once the page has loaded, it is placed
  // again, unless the reader has scrolled meanwhile.
  function openAtRecord() {
    const params = new URLSearchParams(location.search);
    if (location.hash || !["speaker", "topic", "q"].some((name) => params.has(name))) return;
    const tools = form.closest(".turn-tools") || form;
    const place = () => {
      const first = turns.find((turn) => !turn.hidden);
      const below = first ? first.getBoundingClientRect().top - tools.getBoundingClientRect().top : 0;
      (below > window.innerHeight * 0.75 ? count : tools).scrollIntoView({ block: "start" });
    };
    place();
    const placed = window.scrollY;
    window.addEventListener("load", () => {
      if (window.scrollY === placed) place();
    }, { once: true });
  }

  // The theme's floating "Back to top" button sits at the foot of the screen, where on a phone it would cover
  // the keyword box: it stands aside while the filter is on screen (edition.css).
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      const onScreen = entries[entries.length - 1].isIntersecting;
      document.documentElement.classList.toggle("turn-filter-on-screen", onScreen);
    }).observe(form);
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply));
  copyButton.addEventListener("click", copyLink);
  form.hidden = false;
  restore();
  if (location.search) apply();
  openAtRecord();
})();
