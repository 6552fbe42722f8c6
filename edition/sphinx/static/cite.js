// "Cite this turn": a Copy button beside each citation in a turn's disclosure, and Escape to close it.
// Progressive enhancement: without this script the citations are text in a <details> a reader opens and
// selects. The clipboard gets the citation as plain text and as HTML (the titles in italics); where the
// Clipboard API is refused (an old browser, a page the browser does not trust), the citation is selected and
// copied with the older command, and if that fails too it stays selected for the reader to copy.
(function () {
  "use strict";
  const controls = document.querySelectorAll("details.turn-cite");
  if (!controls.length) return;

  async function clipboardCopy(element) {
    if (!navigator.clipboard) return false;
    const text = element.textContent;
    try {
      if (window.ClipboardItem && navigator.clipboard.write) {
        await navigator.clipboard.write([new ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([element.innerHTML], { type: "text/html" }),
        })]);
      } else {
        await navigator.clipboard.writeText(text);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  function select(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection;
  }

  function commandCopy(element) {
    const selection = select(element);
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    if (copied) selection.removeAllRanges();
    return copied;
  }

  function announce(status, message) {
    // Emptied first, so that a second copy of the same citation is announced again.
    status.textContent = "";
    clearTimeout(status.timer);
    setTimeout(() => { status.textContent = message; }, 50);
    status.timer = setTimeout(() => { status.textContent = ""; }, 6000);
  }

  for (const control of controls) {
    const status = control.querySelector(".turn-cite-status");
    for (const citation of control.querySelectorAll(".turn-cite-text")) {
      const label = citation.closest("dd").previousElementSibling.textContent;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "turn-cite-copy";
      button.append("Copy");
      const name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = `: ${label}`;
      button.append(name);
      button.addEventListener("click", async () => {
        const copied = (await clipboardCopy(citation)) || commandCopy(citation);
        if (!copied) select(citation);
        announce(status, copied ? "Citation copied" : "Copying did not work here: the citation is selected for you to copy.");
      });
      citation.after(button);
    }
    control.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && control.open) {
        control.open = false;
        control.querySelector("summary").focus();
      }
    });
  }
})();
