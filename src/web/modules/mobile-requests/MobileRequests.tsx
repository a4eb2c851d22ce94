// Placeholder: this page is being built.
export default function MobileRequests() {
  return null;
}
