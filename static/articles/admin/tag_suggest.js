// The story form's tag field: a comma-separated list that suggests existing topics for the
// name being typed (after the last comma). A combobox in the ARIA pattern: arrow keys move
// through the list, Enter or a click takes a topic, Escape closes it. Without this script
// the field is a plain comma-separated input and works as before.
;(() => {
  "use strict"

  const DELAY = 150

  function quoted(name) {
    return name.includes(",") || name.includes('"') ? `"${name.replaceAll('"', "")}"` : name
  }

  function lastPart(value) {
    const cut = value.lastIndexOf(",")
    return { before: cut < 0 ? "" : value.slice(0, cut + 1), term: value.slice(cut + 1).trim() }
  }

  function attach(input, index) {
    const list = document.createElement("ul")
    const status = document.createElement("span")
    list.id = `newsroom-tag-suggestions-${index}`
    list.className = "newsroom-tag-suggestions"
    list.setAttribute("role", "listbox")
    list.hidden = true
    status.className = "visually-hidden"
    status.setAttribute("role", "status")
    input.setAttribute("role", "combobox")
    input.setAttribute("aria-autocomplete", "list")
    input.setAttribute("aria-expanded", "false")
    input.setAttribute("aria-controls", list.id)
    input.after(list, status)

    let active = -1
    let timer = null
    let asked = 0

    function options() {
      return [...list.querySelectorAll("[role=option]")]
    }

    function close() {
      list.hidden = true
      list.replaceChildren()
      active = -1
      input.setAttribute("aria-expanded", "false")
      input.removeAttribute("aria-activedescendant")
    }

    function highlight(next) {
      const all = options()
      if (!all.length) return
      active = (next + all.length) % all.length
      all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)))
      input.setAttribute("aria-activedescendant", all[active].id)
      all[active].scrollIntoView({ block: "nearest" })
    }

    function choose(name) {
      const { before } = lastPart(input.value)
      input.value = `${before}${before ? " " : ""}${quoted(name)}, `
      close()
      input.focus()
    }

    function show(results) {
      list.replaceChildren(
        ...results.map((result, i) => {
          const option = document.createElement("li")
          option.id = `${list.id}-${i}`
          option.setAttribute("role", "option")
          option.setAttribute("aria-selected", "false")
          option.textContent = result.name
          if (result.other_names.length) {
            const other = document.createElement("span")
            other.className = "newsroom-tag-other"
            other.textContent = ` (${result.other_names.join(", ")})`
            option.append(other)
          }
          // mousedown, not click: the input must not lose focus (and close the list) first.
          option.addEventListener("mousedown", (event) => {
            event.preventDefault()
            choose(result.name)
          })
          return option
        }),
      )
      active = -1
      list.hidden = !results.length
      input.setAttribute("aria-expanded", String(results.length > 0))
      status.textContent = results.length
        ? input.dataset.foundLabel.replace("%(count)s", results.length)
        : input.dataset.noneLabel
    }

    async function suggest() {
      const { term } = lastPart(input.value)
      if (!term) return close()
      const mine = ++asked
      const url = `${input.dataset.suggestUrl}?${new URLSearchParams({ q: term })}`
      try {
        const response = await fetch(url, { credentials: "same-origin" })
        if (!response.ok || mine !== asked) return
        show((await response.json()).results)
      } catch {
        close() // no suggestions; typing still works
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(suggest, DELAY)
    })
    input.addEventListener("blur", close)
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault()
        highlight(active + (event.key === "ArrowDown" ? 1 : -1))
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault() // take the topic, do not submit the form
        choose(options()[active].firstChild.textContent)
      } else if (event.key === "Escape") {
        event.preventDefault()
        close()
      }
    })
  }

  function start() {
    document.querySelectorAll("input[data-suggest-url]").forEach(attach)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
