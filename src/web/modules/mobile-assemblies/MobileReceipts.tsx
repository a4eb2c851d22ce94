// Placeholder until the page is built.
export default function MobileReceipts() {
  return null;
}
