import { IconButton } from "@/components/ui/button";
import { CollapseIcon, FilePlusIcon, FolderPlusIcon, FolderUploadIcon, UploadIcon } from "@/components/ui/icons";
import { syncExcludeRule } from "@/lib/sandbox/sync-excludes";

export function FileTreeToolbar({
  onNewFile,
  onNewFolder,
  onUploadFiles,
  onUploadFolder,
  onCollapseAll,
  readOnly = false,
}: {
  onNewFile: () => void;
  onNewFolder: () => void;
  onUploadFiles: () => void;
  onUploadFolder: () => void;
  onCollapseAll: () => void;
  /** Only collapsing: nothing here may create or upload (a share link). */
  readOnly?: boolean;
}) {
  return (
    <div className="flex h-9 shrink-0 items-center gap-0.5 border-b border-white/10 px-2">
      {/* Hovering the heading tells which folders a running project writes are not saved. */}
      <h2 className="flex-1 cursor-help text-[11px] font-semibold tracking-wider text-neutral-400 uppercase" title={syncExcludeRule}>
        Files
      </h2>
      {!readOnly && (
        <>
          <IconButton label="New file" data-testid="tree-toolbar-new-file" onClick={onNewFile}>
            <FilePlusIcon />
          </IconButton>
          <IconButton label="New folder" data-testid="tree-toolbar-new-folder" onClick={onNewFolder}>
            <FolderPlusIcon />
          </IconButton>
          <IconButton label="Upload files" data-testid="tree-toolbar-upload-files" onClick={onUploadFiles}>
            <UploadIcon />
          </IconButton>
          <IconButton label="Upload folder" data-testid="tree-toolbar-upload-folder" onClick={onUploadFolder}>
            <FolderUploadIcon />
          </IconButton>
        </>
      )}
      <IconButton label="Collapse all folders" data-testid="tree-toolbar-collapse" onClick={onCollapseAll}>
        <CollapseIcon />
      </IconButton>
    </div>
  );
}
