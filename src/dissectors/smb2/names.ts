/** Names tshark shows for SMB2 codes (MS-SMB2 2.2, MS-ERREF 2.3, MS-FSCC 2.3-2.5). */

export const COMMANDS: Record<number, string> = {
  0: 'Negotiate Protocol',
  1: 'Session Setup',
  2: 'Session Logoff',
  3: 'Tree Connect',
  4: 'Tree Disconnect',
  5: 'Create',
  6: 'Close',
  7: 'Flush',
  8: 'Read',
  9: 'Write',
  10: 'Lock',
  11: 'Ioctl',
  12: 'Cancel',
  13: 'KeepAlive',
  14: 'Find',
  15: 'Notify',
  16: 'GetInfo',
  17: 'SetInfo',
  18: 'Break',
};

export const STATUS: Record<number, string> = {
  0x00000000: 'STATUS_SUCCESS',
  0x00000103: 'STATUS_PENDING',
  0x0000010c: 'STATUS_NOTIFY_ENUM_DIR',
  0x80000005: 'STATUS_BUFFER_OVERFLOW',
  0x80000006: 'STATUS_NO_MORE_FILES',
  0xc000000d: 'STATUS_INVALID_PARAMETER',
  0xc000000f: 'STATUS_NO_SUCH_FILE',
  0xc0000010: 'STATUS_INVALID_DEVICE_REQUEST',
  0xc0000011: 'STATUS_END_OF_FILE',
  0xc0000016: 'STATUS_MORE_PROCESSING_REQUIRED',
  0xc0000022: 'STATUS_ACCESS_DENIED',
  0xc0000023: 'STATUS_BUFFER_TOO_SMALL',
  0xc0000034: 'STATUS_OBJECT_NAME_NOT_FOUND',
  0xc0000035: 'STATUS_OBJECT_NAME_COLLISION',
  0xc000003a: 'STATUS_OBJECT_PATH_NOT_FOUND',
  0xc0000043: 'STATUS_SHARING_VIOLATION',
  0xc0000056: 'STATUS_DELETE_PENDING',
  0xc000006d: 'STATUS_LOGON_FAILURE',
  0xc000009a: 'STATUS_INSUFFICIENT_RESOURCES',
  0xc00000ba: 'STATUS_FILE_IS_A_DIRECTORY',
  0xc00000bb: 'STATUS_NOT_SUPPORTED',
  0xc00000c9: 'STATUS_NETWORK_NAME_DELETED',
  0xc00000cc: 'STATUS_BAD_NETWORK_NAME',
  0xc0000101: 'STATUS_DIRECTORY_NOT_EMPTY',
  0xc0000103: 'STATUS_NOT_A_DIRECTORY',
  0xc0000120: 'STATUS_CANCELLED',
  0xc0000128: 'STATUS_FILE_CLOSED',
  0xc0000203: 'STATUS_USER_SESSION_DELETED',
  0xc0000225: 'STATUS_NOT_FOUND',
};

export const STATUS_PENDING = 0x00000103;
export const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;

export const FIND_CLASSES: Record<number, string> = {
  1: 'SMB2_FIND_DIRECTORY_INFO',
  2: 'SMB2_FIND_FULL_DIRECTORY_INFO',
  3: 'SMB2_FIND_BOTH_DIRECTORY_INFO',
  4: 'SMB2_FIND_INDEX_SPECIFIED',
  12: 'SMB2_FIND_NAME_INFO',
  37: 'SMB2_FIND_ID_BOTH_DIRECTORY_INFO',
  38: 'SMB2_FIND_ID_FULL_DIRECTORY_INFO',
};

/** GetInfo/SetInfo info types and, per type, the info levels. */
export const INFO_TYPES: Record<number, string> = { 1: 'FILE_INFO', 2: 'FS_INFO', 3: 'SEC_INFO', 4: 'QUOTA_INFO' };

export const INFO_LEVELS: Record<number, Record<number, string>> = {
  1: {
    4: 'SMB2_FILE_BASIC_INFO',
    5: 'SMB2_FILE_STANDARD_INFO',
    6: 'SMB2_FILE_INTERNAL_INFO',
    7: 'SMB2_FILE_EA_INFO',
    8: 'SMB2_FILE_ACCESS_INFO',
    10: 'SMB2_FILE_RENAME_INFO',
    13: 'SMB2_FILE_DISPOSITION_INFO',
    14: 'SMB2_FILE_POSITION_INFO',
    15: 'SMB2_FILE_FULL_EA_INFO',
    16: 'SMB2_FILE_MODE_INFO',
    17: 'SMB2_FILE_ALIGNMENT_INFO',
    18: 'SMB2_FILE_ALL_INFO',
    19: 'SMB2_FILE_ALLOCATION_INFO',
    20: 'SMB2_FILE_ENDOFFILE_INFO',
    21: 'SMB2_FILE_ALTERNATE_NAME_INFO',
    22: 'SMB2_FILE_STREAM_INFO',
    23: 'SMB2_FILE_PIPE_INFO',
    28: 'SMB2_FILE_COMPRESSION_INFO',
    34: 'SMB2_FILE_NETWORK_OPEN_INFO',
    35: 'SMB2_FILE_ATTRIBUTE_TAG_INFO',
  },
  2: {
    1: 'FileFsVolumeInformation',
    2: 'FileFsLabelInformation',
    3: 'FileFsSizeInformation',
    4: 'FileFsDeviceInformation',
    5: 'FileFsAttributeInformation',
    6: 'FileFsControlInformation',
    7: 'FileFsFullSizeInformation',
    8: 'FileFsObjectIdInformation',
    9: 'FileFsDriverPathInformation',
    10: 'FileFsVolumeFlagsInformation',
    11: 'FileFsSectorSizeInformation',
  },
};

export const FSCTLS: Record<number, string> = {
  0x00060194: 'FSCTL_DFS_GET_REFERRALS',
  0x000601b0: 'FSCTL_DFS_GET_REFERRALS_EX',
  0x000900a8: 'FSCTL_GET_REPARSE_POINT',
  0x000900c4: 'FSCTL_SET_SPARSE',
  0x0011400c: 'FSCTL_PIPE_PEEK',
  0x00110018: 'FSCTL_PIPE_WAIT',
  0x0011c017: 'FSCTL_PIPE_TRANSCEIVE',
  0x00140078: 'FSCTL_SRV_REQUEST_RESUME_KEY',
  0x001401fc: 'FSCTL_QUERY_NETWORK_INTERFACE_INFO',
  0x00140204: 'FSCTL_VALIDATE_NEGOTIATE_INFO',
  0x00144064: 'FSCTL_SRV_ENUMERATE_SNAPSHOTS',
  0x001440f2: 'FSCTL_SRV_COPYCHUNK',
  0x001480f2: 'FSCTL_SRV_COPYCHUNK_WRITE',
};

export const FSCTL_DFS_GET_REFERRALS = 0x00060194;

export function nameOr(table: Record<number, string>, value: number, width: number): string {
  return table[value] ?? `Unknown (0x${value.toString(16).padStart(width, '0')})`;
}
