// Placeholder: this page is being built.
export default function MobileReport() {
  return null;
}
