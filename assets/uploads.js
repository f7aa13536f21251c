// "Add documents": the files go to the app's upload route with the write token in a header, so the
// server checks the token before it reads a byte of them (Dash's own callback requests are held to
// 1 MB). The answer is the ingest job, whose progress a server callback then polls.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  claimsmap: {
    upload: async function (contents, names, token, outlet, published) {
      const unchanged = window.dash_clientside.no_update;
      const paragraph = (text, className) => ({
        type: "P",
        namespace: "dash_html_components",
        props: className ? { children: text, className: className } : { children: text },
      });
      if (!contents || !contents.length) {
        return [unchanged, unchanged, unchanged];
      }
      const config = JSON.parse(document.getElementById("_dash-config").textContent);
      const route = (config.requests_pathname_prefix || "/") + "upload";
      let response, answer;
      try {
        response = await fetch(route, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + (token || "") },
          body: JSON.stringify({ names: names || [], contents: contents, outlet: outlet || null,
                                 published: published || null }),
        });
        const text = await response.text();
        try {
          answer = JSON.parse(text);
        } catch (error) {
          answer = { refused: text.trim() };
        }
      } catch (error) {
        return [unchanged, true, paragraph("The upload did not reach the server: " + error, "refused")];
      }
      if (!response.ok || !answer.job) {
        return [unchanged, true, paragraph(answer.refused || "Refused (" + response.status + ").", "refused")];
      }
      return [answer.job, false, paragraph(answer.message)];
    },
  },
});
