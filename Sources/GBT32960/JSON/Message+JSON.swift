extension Message {
    /// The JSON object `nevbrain decode` prints for this message: header fields, collection time (ISO 8601,
    /// +08:00), the body with physical values (sentinels as `null` plus `<field>_status`), and data-quality tags.
    public func jsonView() -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("edition", edition.rawValue)
        o.set("command", command.name)
        o.set("command_id", command.rawValue)
        o.set("ack", ackFlag.name)
        o.set("ack_flag", ackFlag.rawValue)
        if identifierOmitted {
            o.set("vin", .null)
        } else {
            o.set("vin", uniqueCode.text)
            if !uniqueCode.isPrintableASCII { o.set("vin_hex", hexString(uniqueCode.bytes)) }
        }
        o.set("encryption", encryption.name)
        o.set("encryption_flag", encryption.rawValue)
        if let time = body.time {
            o.set("collection_time", time.iso8601)
            if !time.isValid { o.set("collection_time_status", "invalid") }
        }
        o.set("body_kind", body.name)
        o.set("body", body.jsonView(edition: edition))
        if let trailing { o.set("trailing_hex", trailing.hex) }
        o.set(
            "data_quality",
            .array(
                issues.map { issue in
                    .object([("code", .string(issue.code.rawValue)), ("offset", .int(Int64(issue.offset)))])
                }
            )
        )
        return o.value
    }
}

extension CollectionTime {
    var json: JSONValue {
        isValid
            ? .string(iso8601)
            : .object([
                ("raw", .string(hexString([year, month, day, hour, minute, second]))), ("status", .string("invalid")),
            ])
    }
}

extension RawBytes {
    /// Text (ASCII/GB18030) when it decodes, with the hex alongside.
    func textJSON(into o: inout JSONObjectBuilder, _ key: String) {
        if let text = GB18030.text(self) { o.set(key, text) } else { o.set(key, .null) }
        o.set(key + "_hex", hex)
    }
}

extension MessageBody {
    func jsonView(edition: Edition) -> JSONValue {
        var o = JSONObjectBuilder()
        switch self {
        case .vehicleLogin(let b):
            o.set("time", b.time.json)
            o.set("serial", b.serial)
            b.iccid.textJSON(into: &o, "iccid")
            if let n = b.subsystemCount { o.set("subsystem_count", n) }
            if let m = b.codeLength { o.set("code_length", m) }
            if let packs = b.packsPerBMS {
                o.set("bms_count", packs.count)
                o.set("packs_per_bms", .array(packs.map { .int(Int64($0)) }))
            }
            o.set("codes", .array(b.codes.map { .string(GB18030.text($0) ?? $0.hex) }))
            o.set("codes_hex", .array(b.codes.map { .string($0.hex) }))
        case .report(let r):
            if let t = r.time { o.set("time", t.json) } else { o.set("time", .null) }
            o.set("units", .array(r.units.map { $0.jsonView(edition: edition) }))
            if let s = r.signature { o.set("signature", s.jsonView) }
        case .vehicleLogout(let b):
            o.set("time", b.time.json)
            o.set("serial", b.serial)
        case .platformLogin(let b):
            o.set("time", b.time.json)
            o.set("serial", b.serial)
            b.username.textJSON(into: &o, "username")
            b.password.textJSON(into: &o, "password")
            o.set("encryption_rule", b.encryptionRule.name)
            o.set("encryption_rule_flag", b.encryptionRule.rawValue)
        case .platformLogout(let b):
            o.set("time", b.time.json)
            o.set("serial", b.serial)
        case .empty:
            break
        case .activation(let b):
            o.set("time", b.time.json)
            b.chipID.textJSON(into: &o, "chip_id")
            o.set("public_key_hex", b.publicKey.hex)
            o.set("vin", b.vin.text)
            o.set("signature", b.signature.jsonView)
        case .activationResponse(let b):
            o.set("status", b.status)
            o.set("status_name", b.statusName)
            o.set("info", b.info)
            o.set("info_name", b.infoName)
        case .keyExchange(let b):
            o.set("key_type", b.keyType.name)
            o.set("key_type_flag", b.keyType.rawValue)
            o.set("key_hex", b.key.hex)
            o.set("start_time", b.startTime.json)
            o.set("expiry_time", b.expiryTime.json)
        case .parameterQuery(let b):
            o.set("time", b.time.json)
            o.set("ids", .array(b.ids.map { .int(Int64($0)) }))
            o.set("names", .array(b.ids.map { .string(ParameterItem.name(of: $0)) }))
        case .parameters(let b):
            o.set("time", b.time.json)
            o.set("items", .array(b.items.map { $0.jsonView }))
            if let rest = b.unparsedItems { o.set("unparsed_hex", rest.hex) }
        case .terminalControl(let b):
            o.set("time", b.time.json)
            o.set("command", b.command.name)
            o.set("command_id", b.command.id)
            switch b.command {
            case .remoteUpgrade(let u):
                o.set("parameters_hex", u.raw.hex)
                if let f = u.fields {
                    var p = JSONObjectBuilder()
                    f.url.textJSON(into: &p, "url")
                    f.apn.textJSON(into: &p, "apn")
                    f.user.textJSON(into: &p, "user")
                    f.password.textJSON(into: &p, "password")
                    p.set("address_hex", f.address.hex)
                    p.set("port", f.port)
                    f.manufacturer.textJSON(into: &p, "manufacturer")
                    f.hardwareVersion.textJSON(into: &p, "hardware_version")
                    f.firmwareVersion.textJSON(into: &p, "firmware_version")
                    p.set("time_limit_min", f.timeLimitMinutes)
                    o.set("upgrade", p.value)
                }
            case .alarm(let level, let info):
                o.state("alarm_level", level)
                o.set("info_hex", info.hex)
            case .other(_, let parameters):
                o.set("parameters_hex", parameters.hex)
            default: break
            }
        case .timeOnlyReply(let t):
            o.set("time", t.json)
        case .encrypted(let raw):
            o.set("ciphertext_hex", raw.hex)
        case .opaque(let raw):
            o.set("data_hex", raw.hex)
        }
        return o.value
    }
}

extension ParameterItem {
    var jsonView: JSONValue {
        var o = JSONObjectBuilder()
        o.set("id", id)
        o.set("name", ParameterItem.name(of: id))
        switch value {
        case .byte(let v):
            o.set("value", v)
            o.state("raw", v)
        case .word(let v):
            o.set("value", v)
            if v == 0xFFFE { o.set("value_status", "abnormal") }
            if v == 0xFFFF { o.set("value_status", "invalid") }
        case .bytes(let v):
            if let text = GB18030.text(v) { o.set("value", text) } else { o.set("value", .null) }
            o.set("value_hex", v.hex)
        }
        return o.value
    }
}

extension VehicleSignature {
    var jsonView: JSONValue {
        .object([
            ("algorithm", .string(algorithmName)), ("algorithm_id", .int(Int64(algorithm))),
            ("r_hex", .string(r.hex)), ("s_hex", .string(s.hex)),
        ])
    }
}

extension InfoUnit {
    func jsonView(edition: Edition) -> JSONValue {
        var o = JSONObjectBuilder()
        if let type = typeByte(edition) { o.set("type", type) }
        o.set("name", name)
        switch self {
        case .vehicle(let v):
            o.state("vehicle_state", v.vehicleState)
            o.state("charging_state", v.chargingState)
            o.state("running_mode", v.runningMode)
            o.reading("speed_kmh", v.speedKmh)
            o.reading("odometer_km", v.odometerKm)
            o.reading("total_voltage_v", v.totalVoltageV)
            o.reading("total_current_a", v.totalCurrentA)
            o.reading("soc_percent", v.socPercent)
            o.state("dcdc_state", v.dcdcState)
            o.set("gear", v.gear)
            o.reading("insulation_resistance_kohm", v.insulationResistanceKOhm)
            o.reading("accelerator_pedal_percent", v.acceleratorPedalPercent)
            o.reading("brake_pedal_percent", v.brakePedalPercent)
        case .driveMotors(let d):
            o.set("count", d.motors.count)
            o.set(
                "motors",
                .array(
                    d.motors.map { m in
                        var p = JSONObjectBuilder()
                        p.set("index", m.index)
                        p.state("state", m.state)
                        p.reading("controller_temperature_c", m.controllerTemperatureC)
                        p.reading("speed_rpm", m.speedRpm(edition))
                        p.reading("torque_nm", m.torqueNm(edition))
                        p.reading("temperature_c", m.temperatureC)
                        p.reading("controller_input_voltage_v", m.controllerInputVoltageV)
                        p.reading("controller_dc_bus_current_a", m.controllerDCBusCurrentA)
                        return p.value
                    }
                )
            )
        case .fuelCell(let f):
            o.reading("voltage_v", f.voltageV)
            o.reading("current_a", f.currentA)
            o.reading("consumption_kg_per_100km", f.consumptionRateKgPer100Km)
            o.set("probe_count", f.probeTemperatures.count)
            o.set("probe_temperatures_c", JSONObjectBuilder.readings(f.probeTemperaturesC))
            o.reading("hydrogen_max_temperature_c", f.hydrogenMaxTemperatureC)
            o.set("hydrogen_max_temperature_probe", f.hydrogenMaxTemperatureProbe)
            o.reading("hydrogen_max_concentration_mg_per_kg", f.hydrogenMaxConcentrationMgPerKg)
            o.set("hydrogen_max_concentration_sensor", f.hydrogenMaxConcentrationSensor)
            o.reading("hydrogen_max_pressure_mpa", f.hydrogenMaxPressureMPa)
            o.set("hydrogen_max_pressure_sensor", f.hydrogenMaxPressureSensor)
            o.state("dcdc_state", f.dcdcState)
        case .fuelCellSystem(let f):
            o.reading("hydrogen_max_temperature_c", f.hydrogenMaxTemperatureC)
            o.set("hydrogen_max_temperature_probe", f.hydrogenMaxTemperatureProbe)
            o.reading("hydrogen_max_concentration_percent", f.hydrogenMaxConcentrationPercent)
            o.set("hydrogen_max_concentration_sensor", f.hydrogenMaxConcentrationSensor)
            o.reading("hydrogen_max_pressure_mpa", f.hydrogenMaxPressureMPa)
            o.set("hydrogen_max_pressure_sensor", f.hydrogenMaxPressureSensor)
            o.state("dcdc_state", f.dcdcState)
            o.reading("hydrogen_remaining_percent", f.hydrogenRemainingPercent)
            o.reading("dcdc_controller_temperature_c", f.dcdcControllerTemperatureC)
        case .engine(let e):
            o.state("state", e.state)
            o.reading("crankshaft_speed_rpm", e.crankshaftSpeedRpm)
            o.reading("fuel_consumption_l_per_100km", e.fuelConsumptionLPer100Km)
        case .position(let p):
            o.set("status", p.status)
            o.set("fix_valid", p.isFixValid)
            if let system = p.coordinateSystem {
                o.set("coordinate_system", [1: "wgs84", 2: "gcj02", 3: "other"][system] ?? "reserved")
                o.set("coordinate_system_id", system)
            }
            o.reading("longitude_deg", p.longitudeDegrees)
            o.reading("latitude_deg", p.latitudeDegrees)
        case .extrema(let x):
            o.set("max_voltage_subsystem", x.maxVoltageSubsystem)
            o.set("max_voltage_cell", x.maxVoltageCell)
            o.reading("max_cell_voltage_v", x.maxCellVoltageV)
            o.set("min_voltage_subsystem", x.minVoltageSubsystem)
            o.set("min_voltage_cell", x.minVoltageCell)
            o.reading("min_cell_voltage_v", x.minCellVoltageV)
            o.set("max_temperature_subsystem", x.maxTemperatureSubsystem)
            o.set("max_temperature_probe", x.maxTemperatureProbe)
            o.reading("max_temperature_c", x.maxTemperatureC)
            o.set("min_temperature_subsystem", x.minTemperatureSubsystem)
            o.set("min_temperature_probe", x.minTemperatureProbe)
            o.reading("min_temperature_c", x.minTemperatureC)
        case .alarm(let a):
            o.state("max_level", a.maxLevel)
            o.set("general_flags", a.generalFlags)
            o.set("general_flag_names", .array(a.setFlagNames(edition).map { .string($0) }))
            o.set("storage_faults", .array(a.storageFaults.map { .int(Int64($0)) }))
            o.set("motor_faults", .array(a.motorFaults.map { .int(Int64($0)) }))
            o.set("engine_faults", .array(a.engineFaults.map { .int(Int64($0)) }))
            o.set("other_faults", .array(a.otherFaults.map { .int(Int64($0)) }))
            if let levels = a.generalAlarmLevels {
                o.set(
                    "general_alarm_levels",
                    .array(
                        levels.map {
                            .object([("flag_bit", .int(Int64($0.flagBit))), ("level", .int(Int64($0.level)))])
                        })
                )
            }
        case .cellVoltages(let c):
            o.set("count", c.subsystems.count)
            o.set(
                "subsystems",
                .array(
                    c.subsystems.map { s in
                        var p = JSONObjectBuilder()
                        p.set("subsystem", s.subsystem)
                        p.reading("voltage_v", s.voltageV)
                        p.reading("current_a", s.currentA)
                        p.set("total_cells", s.totalCells)
                        p.set("start_cell", s.startCell)
                        p.set("cells_in_frame", s.cellVoltages.count)
                        p.set("cell_voltages_v", JSONObjectBuilder.readings(s.cellVoltagesV))
                        return p.value
                    }
                )
            )
        case .parallelUnitVoltages(let c):
            o.set("count", c.packs.count)
            o.set(
                "packs",
                .array(
                    c.packs.map { s in
                        var p = JSONObjectBuilder()
                        p.set("pack", s.pack)
                        p.reading("voltage_v", s.voltageV)
                        p.reading("current_a", s.currentA)
                        p.set("unit_count", s.unitVoltages.count)
                        p.set("unit_voltages_v", JSONObjectBuilder.readings(s.unitVoltagesV))
                        return p.value
                    }
                )
            )
        case .probeTemperatures(let t):
            o.set("count", t.subsystems.count)
            o.set(
                "subsystems",
                .array(
                    t.subsystems.map { s in
                        var p = JSONObjectBuilder()
                        p.set("subsystem", s.subsystem)
                        p.set("probe_count", s.temperatures.count)
                        p.set("temperatures_c", JSONObjectBuilder.readings(s.temperaturesC))
                        return p.value
                    }
                )
            )
        case .fuelCellStacks(let f):
            o.set("count", f.stacks.count)
            o.set(
                "stacks",
                .array(
                    f.stacks.map { s in
                        var p = JSONObjectBuilder()
                        p.set("index", s.index)
                        p.reading("voltage_v", s.voltageV)
                        p.reading("current_a", s.currentA)
                        p.reading("hydrogen_inlet_pressure_kpa", s.hydrogenInletPressureKPa)
                        p.reading("air_inlet_pressure_kpa", s.airInletPressureKPa)
                        p.reading("air_inlet_temperature_c", s.airInletTemperatureC)
                        p.set("coolant_outlet_temperatures_c", JSONObjectBuilder.readings(s.coolantOutletTemperaturesC))
                        return p.value
                    }
                )
            )
        case .supercapacitor(let s):
            o.set("system", s.system)
            o.reading("voltage_v", s.voltageV)
            o.reading("current_a", s.currentA)
            o.set("cell_count", s.cellVoltages.count)
            o.set("cell_voltages_v", JSONObjectBuilder.readings(s.cellVoltagesV))
            o.set("probe_count", s.probeTemperatures.count)
            o.set("probe_temperatures_c", JSONObjectBuilder.readings(s.probeTemperaturesC))
        case .supercapacitorExtrema(let x):
            o.set("max_voltage_system", x.maxVoltageSystem)
            o.set("max_voltage_cell", x.maxVoltageCell)
            o.reading("max_voltage_v", x.maxVoltageV)
            o.set("min_voltage_system", x.minVoltageSystem)
            o.set("min_voltage_cell", x.minVoltageCell)
            o.reading("min_voltage_v", x.minVoltageV)
            o.set("max_temperature_system", x.maxTemperatureSystem)
            o.set("max_temperature_probe", x.maxTemperatureProbe)
            o.reading("max_temperature_c", x.maxTemperatureC)
            o.set("min_temperature_system", x.minTemperatureSystem)
            o.set("min_temperature_probe", x.minTemperatureProbe)
            o.reading("min_temperature_c", x.minTemperatureC)
        case .custom(let c):
            o.set("length", c.data.count)
            o.set("data_hex", c.data.hex)
        case .unparsed(let raw):
            o.set("data_hex", raw.hex)
        }
        return o.value
    }
}

extension GBT32960Error {
    /// The `error` object of a failed line: code, message, offset, frame hex.
    public var jsonView: JSONValue {
        .object([
            ("code", .string(code.description)), ("message", .string(message)), ("offset", .int(Int64(offset))),
            ("frame_hex", .string(frameHex)),
        ])
    }
}
