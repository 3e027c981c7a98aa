// The passwords attackers try first: zxcvbn-ts's list of common passwords (maintained, from real leaks), plus
// router defaults and Indonesian favourites it lacks. Loaded when a new password is checked, not at sign-in:
// the list costs ~25 ms and ~2.6 MB once loaded.
const LOCAL = [
  "admin12345", "admin123456", "adminadmin", "changeme123", "default123", "routerpass", "router1234", "router12345",
  "abc1234567", "p@ssword123", "rahasia123", "indonesia123", "sayang1234", "sayangku123", "katasandi123", "bismillah123",
];

/** Whether the password (case and surrounding spaces aside) is on the list. */
export async function isCommonPassword(password: string): Promise<boolean> {
  const candidate = password.trim().toLowerCase();
  const { dictionary } = await import("@zxcvbn-ts/language-common");
  return LOCAL.includes(candidate) || dictionary["passwords-common"].includes(candidate);
}
