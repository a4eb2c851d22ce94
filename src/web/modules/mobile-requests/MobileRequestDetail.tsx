// Placeholder: this page is being built.
export default function MobileRequestDetail() {
  return null;
}
