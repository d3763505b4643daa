import type { SVGProps } from "react";

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

export const ChevronIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 4l4 4-4 4" />
  </Icon>
);
export const FileIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 1.5h5l3 3v10H4z" />
    <path d="M9 1.5v3h3" />
  </Icon>
);
export const FolderIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M1.5 3.5h5l1.5 1.5h6.5v8h-13z" />
  </Icon>
);
export const FilePlusIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 14.5H4v-13h5l3 3v4" />
    <path d="M12.5 10.5v4M10.5 12.5h4" />
  </Icon>
);
export const FolderPlusIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 13.5H1.5v-10h5L8 5h6.5v4" />
    <path d="M12.5 10v4.5M10.25 12.25h4.5" />
  </Icon>
);
export const UploadIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 11V2.5M4.5 6L8 2.5 11.5 6M2.5 11v2.5h11V11" />
  </Icon>
);
export const FolderUploadIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M1.5 3.5h5l1.5 1.5h6.5v8h-13z" />
    <path d="M8 11.5V7.5M6.25 9.25L8 7.5l1.75 1.75" />
  </Icon>
);
export const PencilIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M10.5 2.5l3 3-8 8h-3v-3z" />
  </Icon>
);
export const TrashIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.75 9.5h6.5L12 4" />
  </Icon>
);
export const CloseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
);
export const CollapseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4.5 10L8 6.5l3.5 3.5" />
    <path d="M2.5 2.5h11v11h-11z" />
  </Icon>
);
