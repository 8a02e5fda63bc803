// The body editor's menu in the editor's language. django-prose-editor writes some of its
// toolbar words in English without gettext ("Heading 2", "Paragraph", "bold" as a button's
// title and aria-label); this extension swaps them for the words BODY_EDITOR_EXTENSIONS
// gives it (articles/models.py, translated there), also when the menu redraws itself.
// Icon ligatures (class material-icons, e.g. "undo") are the icons' glyphs: never touched.
// It also names the editable area by its field's label, which points at the hidden textarea.
import { Extension } from "django-prose-editor/editor"

const ATTRIBUTES = ["title", "aria-label"]

function translate(labels, text) {
  const heading = /^heading (\d)$/i.exec(text)
  if (heading) return labels.heading.replace("%(level)s", heading[1])
  return labels[text] ?? labels[text.toLowerCase()]
}

function relabel(labels, root) {
  const elements = [root, ...root.querySelectorAll("*")]
  for (const element of elements) {
    if (element.closest("[contenteditable]")) continue // the story itself: never
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name)
      const word = value && translate(labels, value.trim())
      if (word && word !== value) element.setAttribute(name, word)
    }
    if (element.closest(".material-icons")) continue
    for (const node of element.childNodes) {
      const word = node.nodeType === Node.TEXT_NODE && translate(labels, node.data.trim())
      if (word && word !== node.data) node.data = word // the same word again would loop
    }
  }
}

function nameEditable(editor) {
  const textarea = editor.options.element.querySelector("textarea")
  const label = textarea?.id && document.querySelector(`label[for="${textarea.id}"]`)
  if (!label) return
  label.id ||= `${textarea.id}_label`
  // ProseMirror keeps attributes it did not set itself when it redraws its root.
  editor.view.dom.setAttribute("aria-labelledby", label.id)
}

export const NewsroomLabels = Extension.create({
  name: "newsroomLabels",
  addOptions: () => ({ labels: {} }),
  onCreate({ editor }) {
    const labels = this.options.labels
    const holder = editor.options.element.closest(".prose-editor") || editor.options.element
    relabel(labels, holder)
    nameEditable(editor)
    // The menu bar is drawn after the extensions start, and redraws its selected block type
    // on every change: relabel what is added. Only a changed word is written: writing a word
    // that stays the same ("Link") would be a mutation again, and never settle.
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const target =
          record.target.nodeType === Node.TEXT_NODE ? record.target.parentElement : record.target
        if (target) relabel(labels, target)
      }
    })
    observer.observe(holder, {
      subtree: true,
      childList: true,
      characterData: true,
      attributeFilter: ATTRIBUTES,
    })
    this.storage.observer = observer
  },
  onDestroy() {
    this.storage.observer?.disconnect()
  },
  addStorage: () => ({ observer: null }),
})
