import ArgumentParser
import Foundation
import GBT32960
import NIOCore
import Simulator

/// `nevbrain bench codec`: single-core decode/encode throughput of the GB/T 32960 codec on a realistic 2016
/// realtime frame (334 bytes, 104 cells, like sample frame #2) and a 2025 realtime frame with an SM2 signature,
/// with a BCC pass over the same bytes as the in-run baseline; and, with `--mutate N`, a robustness run over N
/// randomly mutated frames (no crash, no hang, held bytes bounded by the frame length).
struct BenchCodecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Benchmark the GB/T 32960 codec, or run a mutation (fuzz) pass with --mutate N."
    )

    @Option(help: "Timed runs per workload; the median is reported.")
    var runs = 5

    @Option(help: "Approximate seconds per timed run.")
    var seconds = 0.5

    @Option(help: "Run N mutated frames through the framer and both decoding modes instead of benchmarking.")
    var mutate: Int?

    @Option(help: "Random seed for --mutate.")
    var seed: UInt64 = 0x3296_0000

    @Flag(help: "Print the two benchmark frames in hex (one per line) and exit.")
    var printFrames = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Run each workload exactly this many times per run instead of calibrating to --seconds.")
    var iterations: Int?

    @Option(help: "Run only the workloads whose name contains this text (the others report 0).")
    var only: String?

    @Flag(help: "Time with this thread's CPU time instead of wall time (steadier on a machine shared with other work).")
    var cpuTime = false

    func run() throws {
        let frames = BenchFrames.make()
        if printFrames {
            print(frames.realtime2016.encodedHex)
            print(frames.realtime2025.encodedHex)
            return
        }
        if let mutate {
            var runner = MutationRun(seed: seed)
            let report = runner.run(count: mutate, seeds: frames.mutationSeeds)
            print(report.summary)
            if !report.passed { throw ExitCode(1) }
            return
        }
        var results: [(String, Double, Int)] = []
        for (name, message) in [("2016_realtime", frames.realtime2016), ("2025_signed", frames.realtime2025)] {
            let bytes = message.encodedBytes()
            let input = ByteBuffer(bytes: bytes)
            results.append(
                (
                    "bcc_baseline_\(name)",
                    median(
                        measure("bcc_baseline_\(name)") { sink in
                            sink &+= Int(bytes.withUnsafeBufferPointer { $0.reduce(0, ^) })
                        }), bytes.count
                )
            )
            results.append(
                (
                    "decode_\(name)",
                    median(
                        measure("decode_\(name)") { sink in
                            guard let frame = try? Frame(exactly: input), let m = try? Message.decode(frame: frame)
                            else { return }
                            if case .report(let r) = m.body { sink &+= r.units.count }
                        }), bytes.count
                )
            )
            var out = ByteBuffer()
            out.reserveCapacity(1024)
            results.append(
                (
                    "encode_\(name)",
                    median(
                        measure("encode_\(name)") { sink in
                            out.clear()
                            message.encode(into: &out)
                            sink &+= out.readableBytes
                        }), bytes.count
                )
            )
        }
        if json {
            let fields = results.map {
                (
                    $0.0,
                    JSONValue.object([("frames_per_s", .double($0.1.rounded())), ("frame_bytes", .int(Int64($0.2)))])
                )
            }
            print(JSONValue.object(fields).serialized())
        } else {
            print("workload                        frame B   frames/s (median of \(runs))")
            for (name, rate, size) in results {
                print(
                    name.padding(toLength: 32, withPad: " ", startingAt: 0)
                        + String(size).padding(toLength: 10, withPad: " ", startingAt: 0) + String(Int(rate)))
            }
        }
    }

    /// Nanoseconds on the wall clock, or of this thread's CPU time with `--cpu-time`.
    private func now() -> UInt64 {
        guard cpuTime else { return DispatchTime.now().uptimeNanoseconds }
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Frames per second for each of `runs` timed runs of `body`.
    private func measure(_ name: String, _ body: (inout Int) -> Void) -> [Double] {
        if let only, !name.contains(only) { return [0] }
        var sink = 0
        // Calibrate: how many iterations fill about `seconds`.
        var iterations = self.iterations ?? 1000
        while self.iterations == nil {
            let start = now()
            for _ in 0..<iterations { body(&sink) }
            let elapsed = Double(now() - start) / 1e9
            if elapsed > seconds / 4 {
                iterations = max(1, Int(Double(iterations) * seconds / elapsed))
                break
            }
            iterations *= 4
        }
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = now()
            for _ in 0..<iterations { body(&sink) }
            let elapsed = Double(now() - start) / 1e9
            rates.append(Double(iterations) / elapsed)
        }
        if sink == 42 { print("", terminator: "") }
        return rates
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// The benchmark and mutation-seed frames, built with the codec's own model types.
struct BenchFrames {
    var realtime2016: Message
    var realtime2025: Message
    var mutationSeeds: [[UInt8]]

    static func make() -> BenchFrames {
        let time = CollectionTime(year: 26, month: 7, day: 7, hour: 6, minute: 55, second: 4)
        // Printable 17-character identifiers, so the UniqueCode initialiser cannot fail.
        let vin2016 = UniqueCode(paddingWithNUL: "H3V21AA24RZ016158") ?? .zero
        let vin2025 = UniqueCode(paddingWithNUL: "H3V21BA24TZ000443") ?? .zero
        let cells2016 = (0..<104).map { UInt16(3282 + $0 % 3) }
        let r2016 = RealtimeReport(
            time: time,
            units: [
                .vehicle(
                    VehicleData(
                        edition: .gb2016, vehicleState: 1, chargingState: 3, runningMode: 1, speed: 48,
                        odometer: 932_660,
                        totalVoltage: 3417, totalCurrent: 10_025, soc: 50, dcdcState: 1, gear: 0x1E,
                        insulationResistance: 17_884, acceleratorPedal: 0, brakePedal: 101
                    )
                ),
                .driveMotors(
                    DriveMotorData(
                        edition: .gb2016,
                        motors: [
                            DriveMotor(
                                index: 1, state: 1, controllerTemperature: 84, speed: 20_437, torque: 20_017,
                                temperature: 73, controllerInputVoltage: 3410, controllerDCBusCurrent: 10_003
                            )
                        ]
                    )
                ),
                .position(PositionData(status: 0, longitude: 114_366_778, latitude: 30_591_045)),
                .extrema(
                    ExtremaData(
                        maxVoltageSubsystem: 1, maxVoltageCell: 5, maxCellVoltage: 3284, minVoltageSubsystem: 1,
                        minVoltageCell: 66, minCellVoltage: 3282, maxTemperatureSubsystem: 1, maxTemperatureProbe: 4,
                        maxTemperature: 69, minTemperatureSubsystem: 1, minTemperatureProbe: 2, minTemperature: 67
                    )
                ),
                .alarm(AlarmData(maxLevel: 0, generalFlags: 0)),
                .cellVoltages(
                    CellVoltageData(subsystems: [
                        SubsystemCellVoltages(
                            subsystem: 1, voltage: 3414, current: 10_025, totalCells: 104, startCell: 1,
                            cellVoltages: cells2016
                        )
                    ])
                ),
                .probeTemperatures(
                    ProbeTemperatureData(subsystems: [
                        ProbeTemperatures(subsystem: 1, temperatures: [68, 67, 68, 69, 69, 67, 67, 68])
                    ])
                ),
            ]
        )
        let r2025 = RealtimeReport(
            time: time,
            units: [
                .vehicle(
                    VehicleData(
                        edition: .gb2025, vehicleState: 1, chargingState: 3, runningMode: 1, speed: 523,
                        odometer: 120_334,
                        totalVoltage: 7138, totalCurrent: 30_123, soc: 75, dcdcState: 1, gear: 0x2E,
                        insulationResistance: 5000
                    )
                ),
                .driveMotors(
                    DriveMotorData(
                        edition: .gb2025,
                        motors: [
                            DriveMotor(
                                index: 1, state: 1, controllerTemperature: 80, speed: 35_000, torque: 200_500,
                                temperature: 75),
                            DriveMotor(
                                index: 2, state: 1, controllerTemperature: 81, speed: 35_010, torque: 200_450,
                                temperature: 76),
                        ]
                    )
                ),
                .position(PositionData(status: 0, coordinateSystem: 2, longitude: 109_365_246, latitude: 24_327_040)),
                .alarm(AlarmData(maxLevel: 0, generalFlags: 0, generalAlarmLevels: [])),
                .parallelUnitVoltages(
                    ParallelUnitVoltageData(packs: [
                        PackUnitVoltages(
                            pack: 1, voltage: 7138, current: 30_123,
                            unitVoltages: (0..<108).map { UInt16(3292 + $0 % 4) })
                    ])
                ),
                .probeTemperatures(
                    ProbeTemperatureData(subsystems: [
                        ProbeTemperatures(subsystem: 1, temperatures: Array(repeating: 67, count: 18))
                    ])),
                .custom(CustomData(type: 0xA0, data: RawBytes(Array(repeating: 0x11, count: 20)))),
            ],
            signature: VehicleSignature(
                algorithm: 1, r: RawBytes((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }),
                s: RawBytes((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 5) })
            )
        )
        let m2016 = Message(edition: .gb2016, command: .realtimeReport, uniqueCode: vin2016, body: .report(r2016))
        let m2025 = Message(edition: .gb2025, command: .realtimeReport, uniqueCode: vin2025, body: .report(r2025))
        var seeds = [m2016.encodedBytes(), m2025.encodedBytes()]
        let login2016 = VehicleLogin(
            time: time, serial: 7, iccid: RawBytes(ascii: "89860624400014310964"), subsystemCount: 2, codeLength: 3,
            codes: [RawBytes(ascii: "abc"), RawBytes(ascii: "def")]
        )
        let login2025 = VehicleLogin(
            time: time, serial: 7, iccid: RawBytes(ascii: "89860624400014310964"), packsPerBMS: [1, 1],
            packCodes: [RawBytes(ascii: "0RJPEA00HAU0AAF131001955"), RawBytes(ascii: "0RJPEA00HAU0AAF131001956")]
        )
        let others: [Message] = [
            Message(edition: .gb2016, command: .vehicleLogin, uniqueCode: vin2016, body: .vehicleLogin(login2016)),
            Message(edition: .gb2025, command: .vehicleLogin, uniqueCode: vin2025, body: .vehicleLogin(login2025)),
            Message(edition: .gb2016, command: .heartbeat, uniqueCode: vin2016, body: .empty),
            Message(
                edition: .gb2016, command: .parameterSetting, uniqueCode: vin2016,
                body: .parameters(
                    ParameterList(
                        time: time,
                        items: [
                            ParameterItem(id: 0x04, value: .byte(3)),
                            ParameterItem(id: 0x05, value: .bytes(RawBytes(ascii: "a.b"))),
                            ParameterItem(id: 0x02, value: .word(10)),
                        ])
                )
            ),
            Message(
                edition: .gb2025, command: .terminalControl, uniqueCode: vin2025,
                body: .terminalControl(
                    TerminalControl(time: time, command: .alarm(level: 3, info: RawBytes(ascii: "x"))))
            ),
            Message(
                edition: .gb2025, command: .keyExchange, uniqueCode: vin2025,
                body: .keyExchange(
                    KeyExchange(
                        keyType: .sm4, key: RawBytes(Array(repeating: 9, count: 16)), startTime: time, expiryTime: time)
                )
            ),
        ]
        seeds += others.map { $0.encodedBytes() }
        return BenchFrames(realtime2016: m2016, realtime2025: m2025, mutationSeeds: seeds)
    }
}

/// A randomized mutation run: bit flips, byte replacement, insertion, deletion, truncation, length-field
/// corruption and duplication of seed frames, each fed to the framer (in random chunks), and to strict and
/// lenient decoding. Deterministic for a seed.
struct MutationRun {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    struct Report {
        var count = 0
        var framed = 0
        var lenientDecoded = 0
        var strictDecoded = 0
        var errors: [String: Int] = [:]
        var maxMicros = 0.0
        var footprintViolations = 0
        var seconds = 0.0

        var passed: Bool { footprintViolations == 0 && maxMicros < 100_000 }

        var summary: String {
            JSONValue.object([
                ("mutations", .int(Int64(count))), ("framed", .int(Int64(framed))),
                ("decoded_lenient", .int(Int64(lenientDecoded))), ("decoded_strict", .int(Int64(strictDecoded))),
                ("errors", .object(errors.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
                ("max_frame_micros", .double((maxMicros * 10).rounded() / 10)),
                ("footprint_violations", .int(Int64(footprintViolations))),
                ("seconds", .double((seconds * 10).rounded() / 10)), ("passed", .bool(passed)),
            ]).serialized()
        }
    }

    mutating func mutated(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            let roll = rng.next() % 8
            let index = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            switch roll {
            case 0 where !bytes.isEmpty: bytes[index] ^= UInt8(1 << (rng.next() % 8))
            case 1 where !bytes.isEmpty: bytes[index] = UInt8(truncatingIfNeeded: rng.next())
            case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: index)
            case 3 where !bytes.isEmpty: bytes.remove(at: index)
            case 4: bytes = Array(bytes.prefix(index))
            case 5 where bytes.count > 24:
                bytes[22] = UInt8(truncatingIfNeeded: rng.next())
                bytes[23] = UInt8(truncatingIfNeeded: rng.next())
            case 6 where bytes.count > 30:
                // Corrupt a count-like byte inside the data unit.
                bytes[24 + Int(rng.next() % UInt64(bytes.count - 25))] =
                    [0x00, 0xFE, 0xFF, 0xC8, 0x7F][Int(rng.next() % 5)]
            default: bytes += bytes.prefix(Int(rng.next() % 40))
            }
        }
        // Most mutations break the BCC; usually fix it (and the length) so decoding (not just framing) is exercised.
        if rng.next() % 4 != 0, bytes.count >= 25 {
            var bcc: UInt8 = 0
            for byte in bytes[2..<(bytes.count - 1)] { bcc ^= byte }
            bytes[bytes.count - 1] = bcc
            if rng.next() % 4 != 0 {
                let length = bytes.count - 25
                bytes[22] = UInt8(truncatingIfNeeded: length >> 8)
                bytes[23] = UInt8(truncatingIfNeeded: length)
                var fixed: UInt8 = 0
                for byte in bytes[2..<(bytes.count - 1)] { fixed ^= byte }
                bytes[bytes.count - 1] = fixed
            }
        }
        return bytes
    }

    mutating func run(count: Int, seeds: [[UInt8]]) -> Report {
        var report = Report()
        let started = DispatchTime.now().uptimeNanoseconds
        var framer = GBT32960FrameDecoder(maxFrameLength: 4096)
        var stream = ByteBuffer()
        for i in 0..<count {
            let bytes = mutated(seeds[Int(rng.next() % UInt64(seeds.count))])
            let start = DispatchTime.now().uptimeNanoseconds
            let buffer = ByteBuffer(bytes: bytes)
            for mode in [DecodingMode.lenient, .strict] {
                do {
                    let frame = try Frame(exactly: buffer, mode: mode)
                    if mode == .lenient { report.framed += 1 }
                    let message = try Message.decode(frame: frame, mode: mode)
                    if mode == .lenient { report.lenientDecoded += 1 } else { report.strictDecoded += 1 }
                    if message.heldByteCount > 4 * bytes.count + 1024 { report.footprintViolations += 1 }
                    _ = message.encodedBytes()
                } catch {
                    report.errors["\(mode.rawValue):\(error.code)", default: 0] += 1
                }
            }
            // Streaming: feed in random chunks, with junk between frames every so often.
            if i % 4 == 0 {
                if rng.next() % 3 == 0 { stream.writeBytes([0x00, 0x23, 0x24, 0x11]) }
                stream.writeBytes(bytes)
                while (try? framer.decode(buffer: &stream)).flatMap({ $0 }) != nil {}
                stream.discardReadBytes()
            }
            let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
            report.maxMicros = max(report.maxMicros, micros)
            report.count += 1
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return report
    }
}
