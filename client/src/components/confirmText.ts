/** Whether what a person typed to confirm a destructive action matches what they were asked to type. */
export function confirmTextMatches(typed: string, expected: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  return expected.trim() !== '' && norm(typed) === norm(expected);
}
