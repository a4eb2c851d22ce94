// Placeholder until the page is built.
export default function MobileAssemblies() {
  return null;
}
