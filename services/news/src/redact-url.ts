// Feed URLs can carry credentials (?apikey=..., user:pass@host); logs and error rows get this form.
const SECRET_PARAM_RE = /key|token|secret|sig|signature|pass|password|auth|credential|session/i;

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<invalid url>";
  }
  if (parsed.username || parsed.password) {
    parsed.username = "***";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM_RE.test(name)) parsed.searchParams.set(name, "***");
  }
  return parsed.toString();
}
