// Placeholder until the page is built.
export default function MobileVote() {
  return null;
}
