extension Message {
    /// The number of bytes held by the decoded message's variable-length storage (arrays and verbatim bytes),
    /// counted at their in-memory element sizes. Decoding sizes every such array from bytes actually present in
    /// the frame, so this stays within a small multiple of the frame length whatever the counts in the frame say;
    /// the robustness tests and the mutation run check that bound.
    ///
    /// Verbatim bytes and integer lists are views: each distinct storage they point into is counted once, whole
    /// (for a decoded message, the copy of its frame), however little of it the views cover.
    public var heldByteCount: Int {
        var held = HeldBytes()
        if let trailing { held.add(trailing) }
        switch body {
        case .vehicleLogin(let b):
            held.add(b.iccid)
            for code in b.codes { held.add(code, plus: 16) }
            held.add(b.packsPerBMS?.count ?? 0)
        case .report(let r):
            if let signature = r.signature { held.add(signature) }
            for unit in r.units {
                held.add(unit)
                held.add(MemoryLayout<InfoUnit>.stride)
            }
        case .platformLogin(let b):
            held.add(b.username)
            held.add(b.password)
        case .activation(let b):
            held.add(b.chipID)
            held.add(b.publicKey)
            held.add(b.signature)
        case .keyExchange(let b): held.add(b.key)
        case .parameterQuery(let b): held.add(b.ids.count)
        case .parameters(let b):
            held.add(b.items.count * MemoryLayout<ParameterItem>.stride)
            if let unparsed = b.unparsedItems { held.add(unparsed) }
            for case .bytes(let raw) in b.items.map(\.value) { held.add(raw) }
        case .terminalControl(let b):
            switch b.command {
            case .remoteUpgrade(let u): held.add(u.raw)
            case .alarm(_, let info): held.add(info)
            case .other(_, let p): held.add(p)
            default: break
            }
        case .encrypted(let raw), .opaque(let raw): held.add(raw)
        default: break
        }
        return held.total
    }
}

/// Adds up held bytes, counting each storage that views point into once.
private struct HeldBytes {
    private(set) var total = 0
    private var counted: [ObjectIdentifier] = []

    mutating func add(_ byteCount: Int) { total += byteCount }

    mutating func add(_ slice: WireSlice) {
        guard let storage = slice.storage, !counted.contains(ObjectIdentifier(storage)) else { return }
        counted.append(ObjectIdentifier(storage))
        total += storage.capacity
    }

    mutating func add(_ raw: RawBytes, plus overhead: Int = 0) {
        add(raw.slice)
        total += overhead
    }

    mutating func add<Element>(_ list: WireArray<Element>) { add(list.slice) }

    mutating func add(_ signature: VehicleSignature) {
        add(signature.r)
        add(signature.s)
    }

    mutating func add(_ unit: InfoUnit) {
        switch unit {
        case .driveMotors(let d): add(d.motors.count * MemoryLayout<DriveMotor>.stride)
        case .fuelCell(let f): add(f.probeTemperatures.count)
        case .alarm(let a):
            add(4 * (a.storageFaults.count + a.motorFaults.count + a.engineFaults.count + a.otherFaults.count))
            add(2 * (a.generalAlarmLevels?.count ?? 0))
        case .cellVoltages(let c):
            for s in c.subsystems {
                add(MemoryLayout<SubsystemCellVoltages>.stride)
                add(s.cellVoltages)
            }
        case .parallelUnitVoltages(let p):
            for pack in p.packs {
                add(MemoryLayout<PackUnitVoltages>.stride)
                add(pack.unitVoltages)
            }
        case .probeTemperatures(let t):
            for s in t.subsystems {
                add(MemoryLayout<ProbeTemperatures>.stride)
                add(s.temperatures)
            }
        case .fuelCellStacks(let s):
            add(s.stacks.reduce(0) { $0 + MemoryLayout<FuelCellStack>.stride + $1.coolantOutletTemperatures.count })
        case .supercapacitor(let s): add(2 * s.cellVoltages.count + s.probeTemperatures.count)
        case .custom(let c): add(c.data)
        case .unparsed(let raw): add(raw)
        default: break
        }
    }
}
