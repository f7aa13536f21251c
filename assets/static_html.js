// Plain elements drawn by React as one Dash component (dashboard/elements.py, ``static_html``): Dash's
// renderer checks each of its components on every update of the page, and 20 claim cards were 150 of
// them. The tree is data: {tag, props} nodes, strings (shown as text, never parsed as HTML) and
// {slot: i}, the place of a Dash component (a control a callback reads) given as the i-th child.
// Only the tags and attributes listed here are drawn; a link goes only to a web address or this page.
(function () {
  const TAGS = {
    A: "a", Blockquote: "blockquote", Cite: "cite", Details: "details", Div: "div", H2: "h2", Li: "li",
    Mark: "mark", Ol: "ol", P: "p", Span: "span", Summary: "summary", Ul: "ul",
    Table: "table", Thead: "thead", Tbody: "tbody", Tr: "tr", Th: "th", Td: "td",
  };
  const ATTRIBUTES = ["className", "open", "target", "rel", "title"];

  function attributes(props) {
    const kept = {};
    ATTRIBUTES.forEach(function (name) {
      if (props[name] !== undefined && props[name] !== null) kept[name] = props[name];
    });
    if (typeof props.href === "string" && /^(https?:\/\/|#)/i.test(props.href)) kept.href = props.href;
    return kept;
  }

  function draw(node, slots) {
    if (node === null || node === undefined || typeof node === "boolean") return null;
    if (typeof node === "string" || typeof node === "number") return String(node);
    if (Array.isArray(node)) return node.map(function (child) { return draw(child, slots); });
    if (typeof node.slot === "number") return slots[node.slot] === undefined ? null : slots[node.slot];
    const tag = TAGS[node.tag];
    if (!tag) return null;
    const props = node.props || {};
    const children = [].concat(props.children === undefined ? [] : props.children).flat(Infinity);
    return React.createElement.apply(null, [tag, attributes(props)].concat(children.map(function (child) {
      return draw(child, slots);
    })));
  }

  function StaticHtml(props) {
    const slots = [].concat(props.children === undefined || props.children === null ? [] : props.children);
    const content = [].concat(props.content === undefined ? [] : props.content);
    return React.createElement.apply(null, [React.Fragment, null].concat(content.map(function (node) {
      return draw(node, slots);
    })));
  }

  window.claimsmap_components = Object.assign({}, window.claimsmap_components, { StaticHtml: StaticHtml });
})();
