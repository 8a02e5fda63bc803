// The story body's own editor nodes (django-prose-editor's configurable preset imports this
// module and takes its exports as Tiptap extensions; newsroom/settings.py names it):
//   StoryImage  <figure data-image="12" data-align="full"><figcaption>…</figcaption></figure>
//   StoryEmbed  <figure data-embed="youtube" data-id="…"><figcaption>…</figcaption></figure>
// Both are atoms edited through a dialog. Their options (addresses, translated labels) come
// from BODY_EDITOR_EXTENSIONS in articles/models.py; articles/sanitizing.py checks what
// they write, articles/media/body.py shows it to readers.
import { crel, Node } from "django-prose-editor/editor"

const thumbnails = new Map()

function describeImage(pickerUrl, id) {
  if (!thumbnails.has(id)) {
    const url = `${pickerUrl}?${new URLSearchParams({ id })}`
    thumbnails.set(
      id,
      fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => data.results[0] || null)
        .catch(() => null),
    )
  }
  return thumbnails.get(id)
}

function selectedNode(editor, name) {
  const node = editor.state.selection.node
  return node && node.type.name === name ? node : null
}

function field(label, control) {
  return crel("div", { className: "prose-editor-dialog-field" }, [
    crel("label", { htmlFor: control.id, textContent: label }),
    control,
  ])
}

let dialogs = 0

// A modal form; `submit` returns the attributes to write, or null to keep the dialog open.
function openDialog(editor, { title, fields, labels, submit }) {
  const problem = crel("p", { className: "errornote", hidden: true, role: "alert" })
  const insert = crel("button", { type: "submit", textContent: labels.insert })
  const cancel = crel("button", { type: "button", textContent: labels.cancel })
  const form = crel("form", {}, [
    crel("h3", { className: "prose-editor-dialog-title", textContent: title }),
    ...fields,
    problem,
    crel("div", { className: "prose-editor-dialog-buttons" }, [insert, cancel]),
  ])
  const dialog = crel("dialog", { className: "prose-editor-dialog newsroom-body-dialog" }, [form])
  const holder = crel("div", {}, [dialog])
  editor.view.dom.parentElement.append(holder)
  return new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      holder.remove()
      resolve(null)
    })
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const result = await submit((message) => {
        problem.textContent = message
        problem.hidden = !message
      })
      if (result) {
        resolve(result)
        dialog.close()
      }
    })
    dialog.showModal()
  })
}

function place(editor, name, attrs) {
  const { selection } = editor.state
  if (selectedNode(editor, name)) {
    editor.chain().focus().updateAttributes(name, attrs).run()
  } else if (selection.node) {
    // another picture or embed is selected: the new one goes after it, not in its place
    editor.chain().focus().insertContentAt(selection.to, { type: name, attrs }).run()
  } else {
    editor.chain().focus().insertContent({ type: name, attrs }).run()
  }
}

function captionAttribute() {
  return {
    default: "",
    parseHTML: (element) => element.querySelector("figcaption")?.textContent.trim() || "",
    renderHTML: () => ({}),
  }
}

function figure(HTMLAttributes, node) {
  const caption = node.attrs.caption.trim()
  return caption ? ["figure", HTMLAttributes, ["figcaption", {}, caption]] : ["figure", HTMLAttributes]
}

export const StoryImage = Node.create({
  name: "storyImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { pickerUrl: "", aligns: {}, labels: {} }
  },

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
      align: {
        default: "full",
        parseHTML: (element) => element.getAttribute("data-align") || "full",
        renderHTML: (attributes) => ({ "data-align": attributes.align }),
      },
      alt: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-alt") || "",
        renderHTML: (attributes) => (attributes.alt ? { "data-alt": attributes.alt } : {}),
      },
      caption: captionAttribute(),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]" }]
  },

  renderHTML({ HTMLAttributes, node }) {
    return figure(HTMLAttributes, node)
  },

  addNodeView() {
    const { pickerUrl, aligns, labels } = this.options
    return ({ node }) => {
      const img = crel("img", { alt: "", width: 160 })
      const text = crel("figcaption")
      const dom = crel("figure", { className: "newsroom-body-figure" }, [img, text])
      const show = (current) => {
        const { image, align, caption } = current.attrs
        const words = [`${labels.picture} ${image}`, aligns[align] || align]
        if (caption) words.push(caption)
        text.textContent = words.join(" · ")
        describeImage(pickerUrl, image).then((found) => {
          if (!found) return
          img.src = found.thumbnail
          img.alt = found.alt
        })
      }
      show(node)
      return {
        dom,
        update: (updated) => {
          if (updated.type.name !== "storyImage") return false
          show(updated)
          return true
        },
      }
    }
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "storyImage",
      groups: "nodes media",
      button: buttons.material("add_photo_alternate", options.labels.button),
      active: (editor) => editor.isActive("storyImage"),
      command: (editor) => pickImage(editor, options),
    })
  },
})

function pickImage(editor, { pickerUrl, aligns, labels }) {
  const current = selectedNode(editor, "storyImage")?.attrs
  let chosen = current?.image || null
  const prefix = `newsroom-picture-${++dialogs}`
  const search = crel("input", { id: `${prefix}-q`, type: "search", name: "q" })
  const results = crel("div", { className: "newsroom-picker-results", role: "list" })
  const align = crel(
    "select",
    { id: `${prefix}-align`, name: "align" },
    Object.entries(aligns).map(([value, label]) => crel("option", { value, textContent: label })),
  )
  align.value = current?.align || "full"
  const caption = crel("input", {
    id: `${prefix}-caption`,
    type: "text",
    name: "caption",
    value: current?.caption || "",
  })
  const alt = crel("input", { id: `${prefix}-alt`, type: "text", name: "alt", value: current?.alt || "" })

  let asked = 0
  const find = async () => {
    const mine = ++asked
    const url = `${pickerUrl}?${new URLSearchParams({ q: search.value })}`
    const response = await fetch(url, { credentials: "same-origin" })
    const data = response.ok ? await response.json() : { results: [] }
    if (mine !== asked) return
    results.replaceChildren(
      ...data.results.map((found) => {
        const button = crel(
          "button",
          { type: "button", className: "newsroom-pick", "aria-pressed": String(found.id == chosen) },
          [crel("img", { src: found.thumbnail, alt: "", width: 120 }), crel("span", { textContent: found.alt })],
        )
        button.dataset.id = found.id
        button.addEventListener("click", () => {
          chosen = String(found.id)
          for (const other of results.querySelectorAll(".newsroom-pick")) {
            other.setAttribute("aria-pressed", String(other === button))
          }
        })
        return crel("div", { role: "listitem" }, [button])
      }),
    )
    if (!data.results.length) results.append(crel("p", { textContent: labels.none }))
  }
  let timer
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(find, 250)
  })
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault() // searching, not inserting
  })
  find()

  openDialog(editor, {
    title: labels.button,
    labels,
    fields: [
      field(labels.search, search),
      results,
      field(labels.align, align),
      field(labels.caption, caption),
      field(labels.alt, alt),
    ],
    submit: async (complain) => {
      if (!chosen) {
        complain(labels.choose)
        return null
      }
      return { image: String(chosen), align: align.value, caption: caption.value.trim(), alt: alt.value.trim() }
    },
  }).then((attrs) => attrs && place(editor, "storyImage", attrs))
}

export const StoryEmbed = Node.create({
  name: "storyEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { lookupUrl: "", labels: {} }
  },

  addAttributes() {
    return {
      embed: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-embed"),
        renderHTML: (attributes) => ({ "data-embed": attributes.embed }),
      },
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-id"),
        renderHTML: (attributes) => ({ "data-id": attributes.id }),
      },
      caption: captionAttribute(),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]" }]
  },

  renderHTML({ HTMLAttributes, node }) {
    return figure(HTMLAttributes, node)
  },

  addNodeView() {
    return ({ node }) => {
      const text = crel("figcaption")
      const dom = crel("figure", { className: "newsroom-body-figure newsroom-body-embed" }, [text])
      const show = (current) => {
        const { embed, id, caption } = current.attrs
        text.textContent = [`▶ ${embed}: ${id}`, caption].filter(Boolean).join(" · ")
      }
      show(node)
      return {
        dom,
        update: (updated) => {
          if (updated.type.name !== "storyEmbed") return false
          show(updated)
          return true
        },
      }
    }
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "storyEmbed",
      groups: "nodes media",
      button: buttons.material("smart_display", options.labels.button),
      active: (editor) => editor.isActive("storyEmbed"),
      command: (editor) => askEmbed(editor, options),
    })
  },
})

function askEmbed(editor, { lookupUrl, labels }) {
  const current = selectedNode(editor, "storyEmbed")?.attrs
  const prefix = `newsroom-embed-${++dialogs}`
  const address = crel("input", { id: `${prefix}-url`, type: "text", name: "url", required: !current })
  const title = crel("input", { id: `${prefix}-title`, type: "text", name: "title", value: current?.caption || "" })
  openDialog(editor, {
    title: labels.button,
    labels,
    fields: [field(labels.url, address), field(labels.title, title)],
    submit: async (complain) => {
      const caption = title.value.trim()
      if (current && !address.value.trim()) return { ...current, caption }
      const response = await fetch(`${lookupUrl}?${new URLSearchParams({ url: address.value })}`, {
        credentials: "same-origin",
      })
      const data = response.ok ? await response.json() : { error: response.statusText }
      if (data.error) {
        complain(data.error)
        return null
      }
      complain("")
      return { embed: data.embed, id: data.id, caption }
    },
  }).then((attrs) => attrs && place(editor, "storyEmbed", attrs))
}
