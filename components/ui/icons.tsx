import type { SVGProps } from "react";

// The IDE's icons come from lucide (a maintained set); `Icon` stays for the few drawn for this app.
export {
  ChevronRight as ChevronIcon,
  File as FileIcon,
  Folder as FolderIcon,
  FilePlus as FilePlusIcon,
  FolderPlus as FolderPlusIcon,
  Upload as UploadIcon,
  FolderUp as FolderUploadIcon,
  Pencil as PencilIcon,
  Trash2 as TrashIcon,
  X as CloseIcon,
  ChevronsDownUp as CollapseIcon,
  Lock as LockIcon,
  LockOpen as LockOpenIcon,
} from "lucide-react";

export type IconProps = SVGProps<SVGSVGElement>;

/** The app's icon frame: 16×16, stroked with the text colour. */
export function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      {children}
    </svg>
  );
}
