// Being built: the XLSX import of party members and 三长 (row-by-row report).
export default function PartyImportDialog(_props: { kind: 'members' | 'grid'; open: boolean; onClose: () => void; onDone?: () => void }) {
  return null;
}
