// Placeholder: this page is being built.
export default function Open311KeysPage() {
  return null;
}
