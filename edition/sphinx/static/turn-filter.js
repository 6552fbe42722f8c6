// The edition page's filter: show the turns of chosen speakers and topics that contain every keyword.
// Progressive enhancement: without this script the form stays hidden and every turn shows.
// Matching follows edition.filter_turns: any chosen speaker, any chosen topic, every keyword as a whole word.
(function () {
  "use strict";
  const form = document.querySelector("form.turn-filter");
  if (!form) return;
  const turns = Array.from(document.querySelectorAll(".transcript .turn"));
  const gaps = Array.from(document.querySelectorAll(".transcript .gap"));
  const count = form.querySelector(".turn-filter-count");
  const keyword = form.elements.q;
  const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

  // The speaker's words only: no turn numbers, topic labels or note markers.
  const texts = new Map(turns.map((turn) => {
    const copy = turn.cloneNode(true);
    copy.querySelectorAll(".ed, .footnote-reference").forEach((e) => e.remove());
    return [turn, copy.textContent.toLowerCase()];
  }));

  const chosen = (name) => Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (i) => i.value);
  const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const wholeWord = (w) => new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${escapeRegExp(w)}(?![\\p{L}\\p{N}\\p{M}_])`, "u");

  function apply() {
    const speakers = chosen("speaker");
    const topics = chosen("topic");
    const words = (keyword.value.toLowerCase().match(WORD) || []).map(wholeWord);
    let shown = 0;
    for (const turn of turns) {
      const match =
        (speakers.length === 0 || speakers.includes(turn.dataset.speaker)) &&
        (topics.length === 0 || turn.dataset.topics.split(" ").some((t) => topics.includes(t))) &&
        words.every((w) => w.test(texts.get(turn)));
      turn.hidden = !match;
      if (match) shown += 1;
    }
    const filtering = speakers.length > 0 || topics.length > 0 || words.length > 0;
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
