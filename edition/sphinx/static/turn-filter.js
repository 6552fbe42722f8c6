// The edition page's filter: show the turns of chosen speakers and topics that contain every keyword.
// Progressive enhancement: without this script the form stays hidden and every turn shows.
// Matching is edition.filter_turns's rule (edition/notebook/frame.py), and tests/test_filter_differential.py
// checks that the page shows what filter_turns returns for every word of the record: any chosen speaker, any
// chosen topic, and every keyword one of the turn's words. Text and keywords are lower-cased, then composed
// (NFC); a word is a maximal run of letters, digits and "_" ([\p{L}\p{N}_], exactly Python's \w), so
// apostrophes, hyphens and dashes separate words. The speaker's label is not one of the speaker's words.
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
    count.textContent =
      shown === 0 ? "No turns match." :
      filtering ? `Showing ${shown} of ${turns.length} turns.` : `Showing all ${turns.length} turns.`;
    const params = new URLSearchParams();
    speakers.forEach((s) => params.append("speaker", s));
    topics.forEach((t) => params.append("topic", t));
    if (keyword.value.trim()) params.set("q", keyword.value.trim());
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
  }

  function restore() {
    const params = new URLSearchParams(location.search);
    for (const name of ["speaker", "topic"]) {
      const values = params.getAll(name);
      form.querySelectorAll(`input[name="${name}"]`).forEach((i) => { i.checked = values.includes(i.value); });
    }
    keyword.value = params.get("q") || "";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply));
  form.hidden = false;
  restore();
  if (location.search) apply();
})();
