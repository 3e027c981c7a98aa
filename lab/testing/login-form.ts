// The login form as a browser without JavaScript posts it: the page's hidden server-action fields, then the
// credentials. For tests and benches that sign in over HTTP the way the panel's own form does.
export function loginForm(loginPage: string, username: string, password: string): FormData {
  const form = new FormData();
  for (const [, name, value] of loginPage.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    form.append(name!, decodeEntities(value ?? ""));
  }
  form.append("username", username);
  form.append("password", password);
  return form;
}

const decodeEntities = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
