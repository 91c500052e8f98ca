import Foundation

/// The PowerShell the Hyper-V provider runs. Each script starts with a `# sfreconcile:<name>`
/// line and takes its parameters from one JSON literal on the next line, so no value from
/// the spec is ever spliced into PowerShell syntax. Each writes one line of JSON in our own
/// shape (docs/providers.md, "Hyper-V"): enums as their names, instants as UTC ISO 8601,
/// lists always as arrays.
enum HyperVScripts {
    /// The parameter line: `$p = ConvertFrom-Json '<json>'`, single quotes doubled.
    static func parameters(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        let json = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "'", with: "''")
        return "$p = ConvertFrom-Json '\(json)'"
    }

    private static let prologue = """
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Utc($t) { if ($t -and $t.Year -gt 1601) { $t.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') } else { $null } }
        """

    /// Every VM named in `vms`: id, state, host, clustered role and its state, processor
    /// count and migration compatibility (HWID-1, LOC-2), replication with its last cycle
    /// (GEO-1/2), checkpoints with their type (SNP-1). A VM that does not exist is
    /// `{"name": …, "found": false}`.
    static func observe(vms: [String]) -> String {
        """
        # sfreconcile:observe
        \(parameters(["vms": vms]))
        \(prologue)
        $clusterName = $null
        try { $clusterName = (Get-Cluster -ErrorAction Stop).Name } catch { }
        $out = @()
        foreach ($name in @($p.vms)) {
            $vm = @(Get-VM -Name $name -ErrorAction SilentlyContinue)
            if ($vm.Count -eq 0) { $out += [pscustomobject]@{ name = $name; found = $false }; continue }
            if ($vm.Count -gt 1) { $out += [pscustomobject]@{ name = $name; found = $true; duplicates = $vm.Count }; continue }
            $vm = $vm[0]
            $cpu = Get-VMProcessor -VM $vm
            $role = $null
            if ($vm.IsClustered) {
                $group = Get-ClusterGroup -ErrorAction SilentlyContinue | Where-Object { $_.GroupType -eq 'VirtualMachine' -and $_.Name -like "*$($vm.Name)*" } | Select-Object -First 1
                if ($group) { $role = [pscustomobject]@{ name = $group.Name; state = "$($group.State)"; owner = "$($group.OwnerNode)" } }
            }
            $replication = $null
            $r = Get-VMReplication -VM $vm -ErrorAction SilentlyContinue
            if ($r) {
                $m = Measure-VMReplication -VMName $vm.Name -ErrorAction SilentlyContinue
                $replication = [pscustomobject]@{
                    state = "$($r.State)"; health = "$($r.Health)"; mode = "$($r.Mode)"; frequencySec = [int]$r.FrequencySec
                    primaryServer = $r.PrimaryServer; replicaServer = $r.ReplicaServer
                    lastReplication = if ($m) { Utc $m.LastReplicationTime } else { $null }
                }
            }
            $checkpoints = @(Get-VMSnapshot -VM $vm -ErrorAction SilentlyContinue | ForEach-Object {
                [pscustomobject]@{ id = "$($_.Id)"; name = $_.Name; created = (Utc $_.CreationTime); type = "$($_.SnapshotType)"; parentId = if ($_.ParentSnapshotId) { "$($_.ParentSnapshotId)" } else { $null } }
            })
            $out += [pscustomobject]@{
                name = $vm.Name; found = $true; id = "$($vm.VMId)"; state = "$($vm.State)"; host = $vm.ComputerName
                clustered = [bool]$vm.IsClustered; cluster = $clusterName; role = $role
                processor = [pscustomobject]@{ count = [int]$cpu.Count; compatibilityForMigration = [bool]$cpu.CompatibilityForMigrationEnabled }
                replication = $replication; checkpoints = $checkpoints
            }
        }
        ConvertTo-Json -InputObject @($out) -Depth 6 -Compress
        """
    }

    /// Removes one checkpoint by id, never a replica-type recovery point. Missing is
    /// `changed: false`.
    static func removeCheckpoint(vm: String, id: String) -> String {
        """
        # sfreconcile:remove-checkpoint
        \(parameters(["vm": vm, "id": id]))
        \(prologue)
        $s = @(Get-VMSnapshot -VMName $p.vm | Where-Object { "$($_.Id)" -eq $p.id })
        if ($s.Count -eq 0) { ConvertTo-Json -Compress @{ changed = $false; message = "no checkpoint $($p.id) on $($p.vm)" }; return }
        if ("$($s[0].SnapshotType)" -like 'Replica*') { ConvertTo-Json -Compress @{ changed = $false; refused = "checkpoint $($s[0].Name) is a $($s[0].SnapshotType) recovery point of Hyper-V Replica" }; return }
        Remove-VMSnapshot -VMSnapshot $s[0] -Confirm:$false
        ConvertTo-Json -Compress @{ changed = $true; message = "removed checkpoint $($s[0].Name) of $($p.vm)" }
        """
    }

    /// Sets the replication frequency (30, 300 or 900 s).
    static func setFrequency(vm: String, seconds: Int) -> String {
        """
        # sfreconcile:set-frequency
        \(parameters(["vm": vm, "seconds": seconds]))
        \(prologue)
        $r = Get-VMReplication -VMName $p.vm -ErrorAction SilentlyContinue
        if (-not $r) { ConvertTo-Json -Compress @{ changed = $false; refused = "$($p.vm) is not replicated" }; return }
        if ([int]$r.FrequencySec -eq [int]$p.seconds) { ConvertTo-Json -Compress @{ changed = $false; message = "$($p.vm) already replicates every $($p.seconds) s" }; return }
        Set-VMReplication -VMName $p.vm -ReplicationFrequencySec ([int]$p.seconds) -Confirm:$false
        ConvertTo-Json -Compress @{ changed = $true; message = "$($p.vm) now replicates every $($p.seconds) s (was $($r.FrequencySec) s)" }
        """
    }

    /// Enables replication to `server` (Kerberos over port 80, then the initial copy), or
    /// resumes a suspended one; replication already running is `changed: false`.
    static func enableReplication(vm: String, server: String?, seconds: Int?) -> String {
        var parameters: [String: Any] = ["vm": vm]
        if let server { parameters["server"] = server }
        if let seconds { parameters["seconds"] = seconds }
        return """
            # sfreconcile:enable-replication
            \(self.parameters(parameters))
            \(prologue)
            $r = Get-VMReplication -VMName $p.vm -ErrorAction SilentlyContinue
            if ($r) {
                if ("$($r.State)" -in @('Suspended', 'Error', 'Critical')) { Resume-VMReplication -VMName $p.vm -Confirm:$false; ConvertTo-Json -Compress @{ changed = $true; message = "resumed replication of $($p.vm)" }; return }
                ConvertTo-Json -Compress @{ changed = $false; message = "$($p.vm) already replicates to $($r.ReplicaServer) ($($r.State))" }; return
            }
            if (-not $p.server) { ConvertTo-Json -Compress @{ changed = $false; refused = "no replica server given for $($p.vm)" }; return }
            $frequency = if ($p.seconds) { [int]$p.seconds } else { 300 }
            Enable-VMReplication -VMName $p.vm -ReplicaServerName $p.server -ReplicaServerPort 80 -AuthenticationType Kerberos -ReplicationFrequencySec $frequency -Confirm:$false
            Start-VMInitialReplication -VMName $p.vm -Confirm:$false
            ConvertTo-Json -Compress @{ changed = $true; message = "enabled replication of $($p.vm) to $($p.server) every $frequency s" }
            """
    }
}
