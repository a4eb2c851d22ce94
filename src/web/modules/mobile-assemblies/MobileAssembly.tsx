// Placeholder until the page is built.
export default function MobileAssembly() {
  return null;
}
