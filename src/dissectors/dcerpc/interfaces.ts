/**
 * Well-known DCE/RPC interfaces (MS-RPCE and the Windows protocol specifications: MS-SAMR, MS-LSAD, MS-NRPC,
 * MS-SRVS, MS-WKST, MS-DRSR, MS-SCMR, MS-RRP, MS-RPRN...): UUID and major version, the name a bind lists, the
 * Protocol column and filter name of its calls, and operation names by opnum, as tshark 4.0 names them.
 */
export interface RpcInterface {
  uuid: string;
  version: number;
  name: string;
  column: string;
  filter: string;
  /** Its layer's line in the tree. */
  title: string;
  /** By opnum ('' where the interface defines none). */
  operations: readonly string[];
}

/** Operation names separated by white space, '-' for an opnum without one. */
const names = (list: string): string[] =>
  list
    .trim()
    .split(/\s+/)
    .map((name) => (name === '-' ? '' : name));

export const INTERFACES: readonly RpcInterface[] = [
  {
    uuid: 'e1af8308-5d1f-11c9-91a4-08002b14a0fa',
    version: 3,
    name: 'EPMv4',
    column: 'EPM',
    filter: 'epm',
    title: 'DCE/RPC Endpoint Mapper',
    operations: names(`
      Insert Delete Lookup Map LookupHandleFree InqObject MgmtDelete
    `),
  },
  {
    uuid: '12345778-1234-abcd-ef00-0123456789ac',
    version: 1,
    name: 'SAMR',
    column: 'SAMR',
    filter: 'samr',
    title: 'SAMR (pidl)',
    operations: names(`
      Connect Close SetSecurity QuerySecurity Shutdown LookupDomain EnumDomains OpenDomain QueryDomainInfo
      SetDomainInfo CreateDomainGroup EnumDomainGroups CreateUser EnumDomainUsers CreateDomAlias
      EnumDomainAliases GetAliasMembership LookupNames LookupRids OpenGroup QueryGroupInfo SetGroupInfo
      AddGroupMember DeleteDomainGroup DeleteGroupMember QueryGroupMember SetMemberAttributesOfGroup
      OpenAlias QueryAliasInfo SetAliasInfo DeleteDomAlias AddAliasMember DeleteAliasMember
      GetMembersInAlias OpenUser DeleteUser QueryUserInfo SetUserInfo ChangePasswordUser GetGroupsForUser
      QueryDisplayInfo GetDisplayEnumerationIndex TestPrivateFunctionsDomain TestPrivateFunctionsUser
      GetUserPwInfo RemoveMemberFromForeignDomain QueryDomainInfo2 QueryUserInfo2 QueryDisplayInfo2
      GetDisplayEnumerationIndex2 CreateUser2 QueryDisplayInfo3 AddMultipleMembersToAlias
      RemoveMultipleMembersFromAlias OemChangePasswordUser2 ChangePasswordUser2 GetDomPwInfo Connect2
      SetUserInfo2 SetBootKeyInformation GetBootKeyInformation Connect3 Connect4 ChangePasswordUser3
      Connect5 RidToSid SetDsrmPassword ValidatePassword
    `),
  },
  {
    uuid: '12345778-1234-abcd-ef00-0123456789ab',
    version: 0,
    name: 'LSARPC',
    column: 'LSARPC',
    filter: 'lsarpc',
    title: 'Local Security Authority',
    operations: names(`
      lsa_Close lsa_Delete lsa_EnumPrivs lsa_QuerySecurity lsa_SetSecObj lsa_ChangePassword lsa_OpenPolicy
      lsa_QueryInfoPolicy lsa_SetInfoPolicy lsa_ClearAuditLog lsa_CreateAccount lsa_EnumAccounts
      lsa_CreateTrustedDomain lsa_EnumTrustDom lsa_LookupNames lsa_LookupSids lsa_CreateSecret
      lsa_OpenAccount lsa_EnumPrivsAccount lsa_AddPrivilegesToAccount lsa_RemovePrivilegesFromAccount
      lsa_GetQuotasForAccount lsa_SetQuotasForAccount lsa_GetSystemAccessAccount
      lsa_SetSystemAccessAccount lsa_OpenTrustedDomain lsa_QueryTrustedDomainInfo
      lsa_SetInformationTrustedDomain lsa_OpenSecret lsa_SetSecret lsa_QuerySecret lsa_LookupPrivValue
      lsa_LookupPrivName lsa_LookupPrivDisplayName lsa_DeleteObject lsa_EnumAccountsWithUserRight
      lsa_EnumAccountRights lsa_AddAccountRights lsa_RemoveAccountRights lsa_QueryTrustedDomainInfoBySid
      lsa_SetTrustedDomainInfo lsa_DeleteTrustedDomain lsa_StorePrivateData lsa_RetrievePrivateData
      lsa_OpenPolicy2 lsa_GetUserName lsa_QueryInfoPolicy2 lsa_SetInfoPolicy2
      lsa_QueryTrustedDomainInfoByName lsa_SetTrustedDomainInfoByName lsa_EnumTrustedDomainsEx
      lsa_CreateTrustedDomainEx lsa_CloseTrustedDomainEx lsa_QueryDomainInformationPolicy
      lsa_SetDomainInformationPolicy lsa_OpenTrustedDomainByName lsa_TestCall lsa_LookupSids2
      lsa_LookupNames2 lsa_CreateTrustedDomainEx2 lsa_CREDRWRITE lsa_CREDRREAD lsa_CREDRENUMERATE
      lsa_CREDRWRITEDOMAINCREDENTIALS lsa_CREDRREADDOMAINCREDENTIALS lsa_CREDRDELETE
      lsa_CREDRGETTARGETINFO lsa_CREDRPROFILELOADED lsa_LookupNames3 lsa_CREDRGETSESSIONTYPES
      lsa_LSARREGISTERAUDITEVENT lsa_LSARGENAUDITEVENT lsa_LSARUNREGISTERAUDITEVENT
      lsa_lsaRQueryForestTrustInformation lsa_LSARSETFORESTTRUSTINFORMATION lsa_CREDRRENAME
      lsa_LookupSids3 lsa_LookupNames4 lsa_LSAROPENPOLICYSCE lsa_LSARADTREGISTERSECURITYEVENTSOURCE
      lsa_LSARADTUNREGISTERSECURITYEVENTSOURCE lsa_LSARADTREPORTSECURITYEVENT
    `),
  },
  {
    uuid: '12345678-1234-abcd-ef00-01234567cffb',
    version: 1,
    name: 'RPC_NETLOGON',
    column: 'RPC_NETLOGON',
    filter: 'netlogon',
    title: 'Microsoft Network Logon',
    operations: names(`
      NetrLogonUasLogon NetrLogonUasLogoff NetrLogonSamLogon NetrLogonSamLogoff NetrServerReqChallenge
      NetrServerAuthenticate NetrServerPasswordSet NetrDatabaseDeltas NetrDatabaseSync NetrAccountDeltas
      NetrAccountSync NetrGetDCName NetrLogonControl NetrGetAnyDCName NetrLogonControl2
      NetrServerAuthenticate2 NetrDatabaseSync2 NetrDatabaseRedo NetrLogonControl2Ex
      NetrEnumerateTrustedDomains DsrGetDcName NetrLogonDummyRoutine1 NetrLogonSetServiceBits
      NetrLogonGetTrustRid NetrLogonComputeServerDigest NetrLogonComputeClientDigest
      NetrServerAuthenticate3 DsrGetDcNameEx DsrGetSiteName NetrLogonGetDomainInfo NetrServerPasswordSet2
      NetrServerPasswordGet NetrLogonSendToSam DsrAddressToSiteNamesW DsrGetDcNameEx2
      NetrLogonGetTimeServiceParentDomain NetrEnumerateTrustedDomainsEx DsrAddressToSiteNamesExW
      DsrGetDcSiteCoverageW NetrLogonSamLogonEx DsrEnumerateDomainTrusts DsrDeregisterDnsHostRecords
      NetrServerTrustPasswordsGet DsrGetForestTrustInformation NetrGetForestTrustInformation
      NetrLogonSamLogonWithFlags NetrServerGetTrustInfo
    `),
  },
  {
    uuid: '4b324fc8-1670-01d3-1278-5a47bf6ee188',
    version: 3,
    name: 'SRVSVC',
    column: 'SRVSVC',
    filter: 'srvsvc',
    title: 'Server Service',
    operations: names(`
      NetCharDevEnum NetCharDevGetInfo NetCharDevControl NetCharDevQEnum NetCharDevQGetInfo
      NetCharDevQSetInfo NetCharDevQPurge NetCharDevQPurgeSelf NetConnEnum NetFileEnum NetFileGetInfo
      NetFileClose NetSessEnum NetSessDel NetShareAdd NetShareEnumAll NetShareGetInfo NetShareSetInfo
      NetShareDel NetShareDelSticky NetShareCheck NetSrvGetInfo NetSrvSetInfo NetDiskEnum
      NetServerStatisticsGet NetTransportAdd NetTransportEnum NetTransportDel NetRemoteTOD
      NetSetServiceBits NetPathType NetPathCanonicalize NetPathCompare NetNameValidate
      NETRPRNAMECANONICALIZE NetPRNameCompare NetShareEnum NetShareDelStart NetShareDelCommit
      NetGetFileSecurity NetSetFileSecurity NetServerTransportAddEx NetServerSetServiceBitsEx
      NETRDFSGETVERSION NETRDFSCREATELOCALPARTITION NETRDFSDELETELOCALPARTITION NETRDFSSETLOCALVOLUMESTATE
      NETRDFSSETSERVERINFO NETRDFSCREATEEXITPOINT NETRDFSDELETEEXITPOINT NETRDFSMODIFYPREFIX
      NETRDFSFIXLOCALVOLUME NETRDFSMANAGERREPORTSITEINFO NETRSERVERTRANSPORTDELEX
    `),
  },
  {
    uuid: '6bffd098-a112-3610-9833-46c3f87e345a',
    version: 1,
    name: 'WKSSVC',
    column: 'WKSSVC',
    filter: 'wkssvc',
    title: 'Workstation Service',
    operations: names(`
      NetWkstaGetInfo NetWkstaSetInfo NetWkstaEnumUsers NetrWkstaUserGetInfo NetrWkstaUserSetInfo
      NetWkstaTransportEnum NetrWkstaTransportAdd NetrWkstaTransportDel NetrUseAdd NetrUseGetInfo
      NetrUseDel NetrUseEnum NetrMessageBufferSend NetrWorkstationStatisticsGet NetrLogonDomainNameAdd
      NetrLogonDomainNameDel NetrJoinDomain NetrUnjoinDomain NetrRenameMachineInDomain NetrValidateName
      NetrGetJoinInformation NetrGetJoinableOus NetrJoinDomain2 NetrUnjoinDomain2
      NetrRenameMachineInDomain2 NetrValidateName2 NetrGetJoinableOus2 NetrAddAlternateComputerName
      NetrRemoveAlternateComputerName NetrSetPrimaryComputername NetrEnumerateComputerNames
    `),
  },
  {
    uuid: 'e3514235-4b06-11d1-ab04-00c04fc2dcd2',
    version: 4,
    name: 'DRSUAPI',
    column: 'DRSUAPI',
    filter: 'drsuapi',
    title: 'DRSUAPI',
    operations: names(`
      DsBind DsUnbind DsReplicaSync DsGetNCChanges DsReplicaUpdateRefs DRSUAPI_REPLICA_ADD
      DRSUAPI_REPLICA_DEL DRSUAPI_REPLICA_MODIFY DRSUAPI_VERIFY_NAMES DRSUAPI_GET_MEMBERSHIPS
      DRSUAPI_INTER_DOMAIN_MOVE DRSUAPI_GET_NT4_CHANGELOG DsCrackNames DsWriteAccountSpn
      DRSUAPI_REMOVE_DS_SERVER DRSUAPI_REMOVE_DS_DOMAIN DsGetDomainControllerInfo DsAddEntry
      DRSUAPI_EXECUTE_KCC DsReplicaGetInfo DRSUAPI_ADD_SID_HISTORY DRSUAPI_GET_MEMBERSHIPS2
      DRSUAPI_REPLICA_VERIFY_OBJECTS DRSUAPI_GET_OBJECT_EXISTENCE DRSUAPI_QUERY_SITES_BY_COST
    `),
  },
  {
    uuid: '367abb81-9844-35f1-ad32-98f038001003',
    version: 2,
    name: 'SVCCTL',
    column: 'SVCCTL',
    filter: 'svcctl',
    title: 'Microsoft Service Control',
    operations: names(`
      CloseServiceHandle ControlService DeleteService LockServiceDatabase QueryServiceObjectSecurity
      SetServiceObjectSecurity QueryServiceStatus SetServiceStatus UnlockServiceDatabase
      NotifyBootConfigStatus ScSetServiceBitsW ChangeServiceConfigW CreateServiceW EnumDependentServicesW
      EnumServicesStatusW OpenSCManagerW OpenServiceW QueryServiceConfigW QueryServiceLockStatusW
      StartServiceW GetServiceDisplayNameW GetServiceKeyNameW ScSetServiceBitsA ChangeServiceConfigA
      CreateServiceA EnumDependentServicesA EnumServicesStatusA OpenSCManagerA OpenServiceA
      QueryServiceConfigA QueryServiceLockStatusA StartServiceA GetServiceDisplayNameA GetServiceKeyNameA
      ScGetCurrentGroupStateW EnumServiceGroupW ChangeServiceConfig2A ChangeServiceConfig2W
      QueryServiceConfig2A QueryServiceConfig2W QueryServiceStatusEx EnumServicesStatusExA
      EnumServicesStatusExW ScSendTSMessage
    `),
  },
  {
    uuid: '338cd001-2244-31f1-aaaa-900038001003',
    version: 1,
    name: 'WINREG',
    column: 'WINREG',
    filter: 'winreg',
    title: 'Remote Registry Service',
    operations: names(`
      OpenHKCR OpenHKCU OpenHKLM OpenHKPD OpenHKU CloseKey CreateKey DeleteKey DeleteValue EnumKey
      EnumValue FlushKey GetKeySecurity LoadKey NotifyChangeKeyValue OpenKey QueryInfoKey QueryValue
      ReplaceKey RestoreKey SaveKey SetKeySecurity SetValue UnLoadKey InitiateSystemShutdown
      AbortSystemShutdown GetVersion OpenHKCC OpenHKDD QueryMultipleValues InitiateSystemShutdownEx
      SaveKeyEx OpenHKPT OpenHKPN QueryMultipleValues2 DeleteKeyEx
    `),
  },
  {
    uuid: '12345678-1234-abcd-ef00-0123456789ab',
    version: 1,
    name: 'SPOOLSS',
    column: 'SPOOLSS',
    filter: 'spoolss',
    title: 'Microsoft Spool Subsystem',
    operations: names(`
      EnumPrinters OpenPrinter SetJob GetJob EnumJobs AddPrinter DeletePrinter SetPrinter GetPrinter
      AddPrinterDriver EnumPrinterDrivers GetPrinterDriver GetPrinterDriverDirectory DeletePrinterDriver
      AddPrintProcessor EnumPrintProcessor GetPrintProcessorDirectory StartDocPrinter StartPagePrinter
      WritePrinter EndPagePrinter AbortPrinter ReadPrinter EndDocPrinter AddJob ScheduleJob GetPrinterData
      SetPrinterData WaitForPrinterChange ClosePrinter AddForm DeleteForm GetForm SetForm EnumForms
      EnumPorts EnumMonitors AddPort ConfigurePort DeletePort CreatePrinterIC PlayDiscriptOnPrinterIC
      DeletePrinterIC AddPrinterConnection DeletePrinterConnection PrinterMessageBox AddMonitor
      DeleteMonitor DeletePrintProcessor AddPrintProvider DeletePrintProvider EnumPrintProcDataTypes
      ResetPrinter GetPrinterDriver2 FindFirstPrinterChangeNotification FindNextPrinterChangeNotification
      FCPN RouterFindFirstPrinterNotificationOld ReplyOpenPrinter RouterReplyPrinter ReplyClosePrinter
      AddPortEx RemoteFindFirstPrinterChangeNotification SpoolerInit ResetPrinterEx RFFPCNEX RRPCN
      RFNPCNEX - OpenPrinterEx AddPrinterEx - EnumPrinterData DeletePrinterData - - - SetPrinterDataEx
      GetPrinterDataEx EnumPrinterDataEx EnumPrinterKey DeletePrinterDataEx - - DeletePrinterDriverEx - -
      - - AddPrinterDriverEx - - - - - - - - - - - - GetCorePrinterDrivers - GetPrinterDriverPackagePath
    `),
  },
  {
    uuid: '1ff70682-0a51-30e8-076d-740be8cee98b',
    version: 1,
    name: 'ATSVC',
    column: 'ATSVC',
    filter: 'atsvc',
    title: 'Microsoft AT-Scheduler Service',
    operations: names(`
      JobAdd JobDel JobEnum JobGetInfo
    `),
  },
  {
    uuid: '82273fdc-e32a-18c3-3f78-827929dc23ea',
    version: 0,
    name: 'EVENTLOG',
    column: 'EVENTLOG',
    filter: 'eventlog',
    title: 'Event Logger',
    operations: names(`
      ClearEventLogW BackupEventLogW CloseEventLog DeregisterEventSource GetNumRecords GetOldestRecord
      ChangeNotify OpenEventLogW RegisterEventSourceW OpenBackupEventLogW ReadEventLogW ReportEventW
      ClearEventLogA BackupEventLogA OpenEventLogA RegisterEventSourceA OpenBackupEventLogA ReadEventLogA
      ReportEventA RegisterClusterSvc DeregisterClusterSvc WriteClusterEvents GetLogIntormation
      FlushEventLog
    `),
  },
  {
    uuid: '3919286a-b10c-11d0-9ba8-00c04fd92ef5',
    version: 0,
    name: 'DSSETUP',
    column: 'DSSETUP',
    filter: 'dssetup',
    title: 'Active Directory Setup',
    operations: names(`
      DsRoleGetPrimaryDomainInformation DsRoleDnsNameToFlatName DsRoleDcAsDc DsRoleDcAsReplica
      DsRoleDemoteDc DsRoleGetDcOperationProgress DsRoleGetDcOperationResults DsRoleCancel
      DsRoleServerSaveStateForUpgrade DsRoleUpgradeDownlevelServer DsRoleAbortDownlevelServerUpgrade
    `),
  },
  {
    uuid: '50abc2a4-574d-40b3-9d66-ee4fd5fba076',
    version: 5,
    name: 'DNSSERVER',
    column: 'DNSSERVER',
    filter: 'dnsserver',
    title: 'DNS Server',
    operations: names(`
      DnssrvOperation DnssrvQuery DnssrvComplexOperation DnssrvEnumRecords DnssrvUpdateRecord
      DnssrvOperation2 DnssrvQuery2 DnssrvComplexOperation2 DnssrvEnumRecords2 DnssrvUpdateRecord2
    `),
  },
  {
    uuid: 'f5cc59b4-4264-101a-8c59-08002b2f8426',
    version: 1,
    name: 'FRSRPC',
    column: 'FRSRPC',
    filter: 'frsrpc',
    title: 'File Replication Service',
    operations: names(`
      FrsSendCommPkt FrsVerifyPromotionParent FrsStartPromotionParent FrsNOP FRSRPC_BACKUP_COMPLETE
      FRSRPC_BACKUP_COMPLETE_5 FRSRPC_BACKUP_COMPLETE_6 FRSRPC_BACKUP_COMPLETE_7 FRSRPC_BACKUP_COMPLETE_8
      FRSRPC_BACKUP_COMPLETE_9 FRSRPC_VERIFY_PROMOTION_PARENT_EX
    `),
  },
  {
    uuid: 'c681d488-d850-11d0-8c52-00c04fd90f7e',
    version: 1,
    name: 'EFS',
    column: 'EFS',
    filter: 'efs',
    title: 'EFS (pidl)',
    operations: names(`
      EfsRpcOpenFileRaw EfsRpcReadFileRaw EfsRpcWriteFileRaw EfsRpcCloseRaw EfsRpcEncryptFileSrv
      EfsRpcDecryptFileSrv EfsRpcQueryUsersOnFile EfsRpcQueryRecoveryAgents EfsRpcRemoveUsersFromFile
      EfsRpcAddUsersToFile EfsRpcSetFileEncryptionKey EfsRpcNotSupported EfsRpcFileKeyInfo
      EfsRpcDuplicateEncryptionInfoFile
    `),
  },
  {
    uuid: '894de0c0-0d55-11d3-a322-00c04fa321a1',
    version: 1,
    name: 'INITSHUTDOWN',
    column: 'INITSHUTDOWN',
    filter: 'initshutdown',
    title: 'Init shutdown service',
    operations: names(`
      Init Abort InitEx
    `),
  },
];
