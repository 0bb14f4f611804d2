// Minimal XML writer and reader for the Route 53 (REST-XML) and STS (Query) wire formats.
// The SDK sends plain elements (no attributes besides xmlns, no CDATA), which is all we read.

export type XmlValue = string | number | boolean | XmlNode | XmlValue[] | undefined
export interface XmlNode {
  [element: string]: XmlValue
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
}

/** Serialize `{ A: 'x', B: [{ C: 1 }, { C: 2 }] }` → `<A>x</A><B><C>1</C></B><B><C>2</C></B>`. Arrays repeat the element. */
export function toXml(node: XmlNode): string {
  let out = ''
  for (const [name, value] of Object.entries(node)) out += element(name, value)
  return out
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return ''
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('')
  if (typeof value === 'object') return `<${name}>${toXml(value)}</${name}>`
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

export function xmlDocument(root: string, namespace: string, body: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${toXml(body)}</${root}>`
}

/** A parsed element: its text, and its children in document order. */
export interface XmlElement {
  name: string
  text: string
  children: XmlElement[]
}

export function parseXml(source: string): XmlElement {
  const tokens = source
    .replace(/<\?[^>]*\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/(<[^>]+>)/)
  const root: XmlElement = { name: '#document', text: '', children: [] }
  const stack: XmlElement[] = [root]
  for (const token of tokens) {
    const top = stack[stack.length - 1] ?? root
    if (!token.startsWith('<')) {
      top.text += unescapeXml(token)
    } else if (token.startsWith('</')) {
      stack.pop()
    } else {
      const name = /^<\s*([^\s/>]+)/.exec(token)?.[1] ?? ''
      const child: XmlElement = { name: name.replace(/^.*:/, ''), text: '', children: [] }
      top.children.push(child)
      if (!token.endsWith('/>')) stack.push(child)
    }
  }
  const document = root.children[0]
  if (!document || stack.length !== 1) throw new Error('malformed XML')
  return document
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name)
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const found = child(el, name)
  return found ? found.text.trim() : undefined
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? []
}
