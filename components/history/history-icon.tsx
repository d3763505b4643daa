import { Icon, type IconProps } from "@/components/ui/icons";

/** A clock with a back arrow: the history of a file or of the project. */
export const HistoryIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" />
    <path d="M2.5 2.5v2.5H5" />
    <path d="M8 5v3l2 1.5" />
  </Icon>
);
