extension Message {
    /// The number of bytes held by the decoded message's variable-length storage (arrays and verbatim bytes),
    /// counted at their in-memory element sizes. Decoding sizes every such array from bytes actually present in
    /// the frame, so this stays within a small multiple of the frame length whatever the counts in the frame say;
    /// the robustness tests and the mutation run check that bound.
    public var heldByteCount: Int {
        var total = (trailing?.count ?? 0)
        switch body {
        case .vehicleLogin(let b):
            total += b.iccid.count + b.codes.reduce(0) { $0 + $1.count + 16 } + (b.packsPerBMS?.count ?? 0)
        case .report(let r):
            total += (r.signature.map { $0.r.count + $0.s.count } ?? 0)
            for unit in r.units {
                switch unit {
                case .driveMotors(let d): total += d.motors.count * MemoryLayout<DriveMotor>.stride
                case .fuelCell(let f): total += f.probeTemperatures.count
                case .alarm(let a):
                    total +=
                        4 * (a.storageFaults.count + a.motorFaults.count + a.engineFaults.count + a.otherFaults.count)
                    total += 2 * (a.generalAlarmLevels?.count ?? 0)
                case .cellVoltages(let c):
                    total += c.subsystems.reduce(0) {
                        $0 + MemoryLayout<SubsystemCellVoltages>.stride + 2 * $1.cellVoltages.count
                    }
                case .parallelUnitVoltages(let p):
                    total += p.packs.reduce(0) {
                        $0 + MemoryLayout<PackUnitVoltages>.stride + 2 * $1.unitVoltages.count
                    }
                case .probeTemperatures(let t):
                    total += t.subsystems.reduce(0) {
                        $0 + MemoryLayout<ProbeTemperatures>.stride + $1.temperatures.count
                    }
                case .fuelCellStacks(let s):
                    total += s.stacks.reduce(0) {
                        $0 + MemoryLayout<FuelCellStack>.stride + $1.coolantOutletTemperatures.count
                    }
                case .supercapacitor(let s): total += 2 * s.cellVoltages.count + s.probeTemperatures.count
                case .custom(let c): total += c.data.count
                case .unparsed(let raw): total += raw.count
                default: break
                }
                total += MemoryLayout<InfoUnit>.stride
            }
        case .platformLogin(let b): total += b.username.count + b.password.count
        case .activation(let b): total += b.chipID.count + b.publicKey.count + b.signature.r.count + b.signature.s.count
        case .keyExchange(let b): total += b.key.count
        case .parameterQuery(let b): total += b.ids.count
        case .parameters(let b):
            total += b.items.count * MemoryLayout<ParameterItem>.stride + (b.unparsedItems?.count ?? 0)
            for case .bytes(let raw) in b.items.map(\.value) { total += raw.count }
        case .terminalControl(let b):
            switch b.command {
            case .remoteUpgrade(let u): total += u.raw.count
            case .alarm(_, let info): total += info.count
            case .other(_, let p): total += p.count
            default: break
            }
        case .encrypted(let raw), .opaque(let raw): total += raw.count
        default: break
        }
        return total
    }
}
