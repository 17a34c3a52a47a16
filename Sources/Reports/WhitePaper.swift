import Foundation
public import Industry
import Model
public import Store

/// The yearly white paper (`nevbrain report whitepaper --year YYYY`): one self-contained HTML file in Chinese,
/// with English headings on request, covering output and share, the chain, supply risk, the plan's targets,
/// charging and safety. Every figure names the API query it comes from, so a reader can reproduce it.
public struct WhitePaper: Sendable {
    let store: any PlatformStore
    let targets: TargetTracker
    /// Charging figures (by city, type, operator) the charging registry adds; nil leaves the section saying so.
    var charging: (@Sendable (Int) async throws -> [(label: String, value: Double)])?

    public init(
        store: any PlatformStore, targets: TargetTracker,
        charging: (@Sendable (Int) async throws -> [(label: String, value: Double)])? = nil
    ) {
        self.store = store
        self.targets = targets
        self.charging = charging
    }

    /// The report for `year` as HTML. `currentMonth` (`YYYY-MM`) bounds the target projections.
    public func render(year: Int, currentMonth: String, english: Bool, generatedAt: Int64) async throws -> String {
        func h(_ zh: String, _ en: String) -> String { english ? "\(zh) <small>\(en)</small>" : zh }
        let esc = SVGChart.escape
        let fmt = SVGChart.format
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>\(year) 年浙江省新能源汽车产业白皮书</title>
            <style>
            body{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.6}
            h1{border-bottom:3px solid #2a7ab0}h2{margin-top:2em;border-bottom:1px solid #ccc}small{color:#777;font-weight:normal}
            table{border-collapse:collapse;width:100%;font-size:14px;margin:1em 0}th,td{border:1px solid #ddd;padding:4px 6px;text-align:right}
            th:first-child,td:first-child{text-align:left}.source{font-size:12px;color:#777}.kpi{display:inline-block;margin:0 2em 1em 0}
            .kpi b{display:block;font-size:24px;color:#2a7ab0}svg{max-width:100%}
            </style></head><body>
            <h1>\(year) 年浙江省新能源汽车产业白皮书\(english ? " <small>Zhejiang NEV industry white paper \(year)</small>" : "")</h1>
            <p class="source">nevbrain 生成于 \(Clock.iso8601(micros: generatedAt)); 数据截至 \(currentMonth)。每个数字下注明其查询, 可在平台 API 上复现。</p>

            """

        // Output and share.
        let reports = try await store.statistics.reports(MonthlyReportQuery(from: "\(year)-01", to: "\(year)-12"))
        let byMonth = Dictionary(grouping: reports.map(\.report), by: \.month).sorted { $0.key < $1.key }
        let nev = reports.map(\.report.nevProduction).reduce(0, +)
        let total = reports.map(\.report.production).reduce(0, +)
        let exports = reports.map(\.report.nevExports).reduce(0, +)
        html += "<h2>\(h("一、产量与占比", "Output and share"))</h2>\n"
        if byMonth.isEmpty {
            html += "<p>本年度尚无月度报表。</p>\n"
        } else {
            html += """
                <div class="kpi">新能源汽车产量<b>\(fmt(Double(nev)))</b></div>\
                <div class="kpi">占汽车产量<b>\(total > 0 ? String(format: "%.1f%%", Double(nev) / Double(total) * 100) : "—")</b></div>\
                <div class="kpi">新能源汽车出口<b>\(fmt(Double(exports)))</b></div>\
                <div class="kpi">报送企业<b>\(Set(reports.map(\.report.enterprise)).count)</b></div>

                """
            html += SVGChart.bars(
                byMonth.map { ($0.key, Double($0.value.map(\.nevProduction).reduce(0, +))) },
                line: byMonth.map { _, r in
                    let p = r.map(\.production).reduce(0, +)
                    return p > 0 ? Double(r.map(\.nevProduction).reduce(0, +)) / Double(p) * 100 : nil
                }, title: "新能源汽车月度产量与占比")
            html += "<table><tr><th>月份</th><th>汽车产量</th><th>新能源汽车产量</th><th>占比</th><th>新能源汽车出口</th></tr>"
            for (month, r) in byMonth {
                let p = r.map(\.production).reduce(0, +)
                let n = r.map(\.nevProduction).reduce(0, +)
                html +=
                    "<tr><td>\(month)</td><td>\(fmt(Double(p)))</td><td>\(fmt(Double(n)))</td><td>\(p > 0 ? String(format: "%.1f%%", Double(n) / Double(p) * 100) : "—")</td><td>\(fmt(Double(r.map(\.nevExports).reduce(0, +))))</td></tr>"
            }
            html += "</table>\n"
        }
        html +=
            #"<p class="source">来源: GET /api/v1/statistics/summary?from=\#(year)-01&amp;to=\#(year)-12 (各企业月度报表最新修订版之和)</p>"#
            + "\n"

        // The chain.
        let profiles = try await store.industry.profiles()
        let relations = try await store.industry.relations()
        let names = Dictionary(
            uniqueKeysWithValues: try await store.enterprises.list(city: nil).map { ($0.id.rawValue, $0.name) })
        func name(_ id: String) -> String { esc(names[id].map { String($0.prefix { $0 != " " }) } ?? id) }
        html += "<h2>\(h("二、产业链图谱", "The industry chain"))</h2>\n<table><tr><th>环节</th><th>企业数</th><th>分布</th></tr>"
        for segment in ChainSegment.allCases {
            let members = profiles.filter { $0.segments.contains(segment) }
            html +=
                "<tr><td>\(esc(segment.chineseName))</td><td>\(members.count)</td><td>\(members.map(\.enterprise).prefix(6).map(name).joined(separator: ", "))\(members.count > 6 ? " …" : "")</td></tr>"
        }
        html += "</table>\n"
        let gapCategories = Dictionary(grouping: relations.filter(\.segment.isKeyPart), by: \.category)
            .filter { !$0.value.contains(where: \.isLocal) }.keys.sorted()
        html +=
            "<p>省内无供应商的关键零部件 (补链方向): \(gapCategories.isEmpty ? "无" : esc(gapCategories.joined(separator: ", ")))。</p>\n"
        html += #"<p class="source">来源: GET /api/v1/industry/chain</p>"# + "\n"

        // Risk.
        let risks = SupplyRisk.categories(relations)
        html += "<h2>\(h("三、供应链风险", "Supply-chain risk"))</h2>\n"
        if let rate = SupplyRisk.localSupplyRate(relations) {
            html += "<div class=\"kpi\">关键零部件本地配套率<b>\(String(format: "%.1f%%", rate * 100))</b></div>\n"
        }
        let single = risks.filter(\.singleSource)
        html += "<p>单一来源的品类: \(single.count) 个; 高度集中 (HHI &gt; 2,500): \(risks.filter { $0.hhi > 2500 }.count) 个。</p>\n"
        html += "<table><tr><th>整车企业</th><th>品类</th><th>供应商数</th><th>HHI</th><th>省外占比</th></tr>"
        for r in risks.sorted(by: { ($1.hhi, $0.customer) < ($0.hhi, $1.customer) }).prefix(15) {
            html +=
                "<tr><td>\(name(r.customer))</td><td>\(esc(r.category))</td><td>\(r.suppliers)</td><td>\(fmt(r.hhi.rounded()))</td><td>\(String(format: "%.0f%%", r.outOfProvinceShare * 100))</td></tr>"
        }
        html += "</table>\n" + #"<p class="source">来源: GET /api/v1/industry/risk (本地配套率口径见该接口的 definition)</p>"# + "\n"

        // Targets.
        let figures = try await targets.figures(year: year, currentMonth: currentMonth)
        html += "<h2>\(h("四、2025 年目标进展", "Targets of the plan"))</h2>\n"
        html += "<table><tr><th>目标</th><th>目标值</th><th>当前值</th><th>截至</th><th>进度</th><th>年末预测</th><th>判断</th></tr>"
        for f in figures {
            let status = f.status == "on_track" ? "可达成" : f.status == "at_risk" ? "有风险" : "暂无数据"
            html +=
                "<tr><td>\(esc(f.name))\(english ? " <small>\(esc(f.englishName))</small>" : "")</td><td>\(fmt(f.target)) \(esc(f.unit))</td><td>\(f.value.map(fmt) ?? "—")</td><td>\(f.asOf ?? "—")</td><td>\(SVGChart.progress(f.progress, onTrack: f.status == "on_track"))</td><td>\(f.projected.map(fmt) ?? "—")</td><td>\(status)</td></tr>"
        }
        html +=
            "</table>\n" + #"<p class="source">来源: GET /api/v1/targets?year=\#(year) (每项的 basis 字段给出计算口径)</p>"# + "\n"

        // Charging.
        html += "<h2>\(h("五、充电基础设施", "Charging infrastructure"))</h2>\n"
        if let charging, case let rows = try await charging(year), !rows.isEmpty {
            html += "<table><tr><th>指标</th><th>数值</th></tr>"
            for row in rows { html += "<tr><td>\(esc(row.label))</td><td>\(fmt(row.value))</td></tr>" }
            html += "</table>\n" + #"<p class="source">来源: GET /api/v1/charging/stats</p>"# + "\n"
        } else {
            html += "<p>充电设施登记暂无数据。</p>\n"
        }

        // Safety.
        let from = Self.micros(year: year)
        let to = Self.micros(year: year + 1)
        let events = try await store.safety.countEvents(SafetyQuery(from: from, to: to))
        let alarms = try await store.safety.countAlarms(SafetyQuery(minLevel: 3, from: from, to: to))
        html += "<h2>\(h("六、车辆安全", "Vehicle safety"))</h2>\n"
        html += "<div class=\"kpi\">三级报警<b>\(alarms)</b></div>"
        html += "<div class=\"kpi\">重大事件 (热事件)<b>\(events)</b></div>\n"
        html +=
            #"<p class="source">来源: GET /api/v1/safety/alarms?min_level=3 与 /api/v1/safety/events, \#(year) 年</p>"#
            + "\n"
        html += "</body></html>\n"
        return html
    }

    /// 1 January of `year`, 00:00 Beijing, in microseconds.
    static func micros(year: Int) -> Int64 {
        var days = 0
        for y in 1970..<year { days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365 }
        return (Int64(days) * 86_400 - 8 * 3_600) * 1_000_000
    }
}
