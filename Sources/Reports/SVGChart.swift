import Foundation

/// Small inline SVG charts for the reports: no script, no external file, so the HTML stays self-contained.
enum SVGChart {
    /// Vertical bars with labels under them and a line of percentages over them (right axis 0-100).
    static func bars(_ values: [(label: String, value: Double)], line: [Double?] = [], title: String) -> String {
        let width = 720.0
        let height = 260.0
        let left = 60.0
        let bottom = 40.0
        let top = 20.0
        let plotHeight = height - bottom - top
        let maximum = max(values.map(\.value).max() ?? 1, 1)
        let step = (width - left - 40) / Double(max(values.count, 1))
        var svg =
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(escape(title))">"#
        svg +=
            ##"<line x1="\##(left)" y1="\##(top + plotHeight)" x2="\##(width - 40)" y2="\##(top + plotHeight)" stroke="#999"/>"##
        svg += #"<text x="4" y="\#(top + 8)" font-size="10">\#(format(maximum))</text>"#
        for (i, item) in values.enumerated() {
            let h = item.value / maximum * plotHeight
            let x = left + Double(i) * step + step * 0.15
            svg +=
                ##"<rect x="\##(round1(x))" y="\##(round1(top + plotHeight - h))" width="\##(round1(step * 0.7))" height="\##(round1(h))" fill="#2a7ab0"><title>\##(escape(item.label)): \##(format(item.value))</title></rect>"##
            if values.count <= 12 || i % 2 == 0 {
                svg +=
                    #"<text x="\#(round1(x + step * 0.35))" y="\#(height - bottom + 14)" font-size="9" text-anchor="middle">\#(escape(String(item.label.suffix(5))))</text>"#
            }
        }
        let points = line.enumerated().compactMap { i, v -> String? in
            guard let v else { return nil }
            return
                "\(round1(left + Double(i) * step + step * 0.5)),\(round1(top + plotHeight - min(v, 100) / 100 * plotHeight))"
        }
        if points.count > 1 {
            svg +=
                ##"<polyline points="\##(points.joined(separator: " "))" fill="none" stroke="#d2691e" stroke-width="2"/>"##
            svg += ##"<text x="\##(width - 36)" y="\##(top + 8)" font-size="10" fill="#d2691e">100%</text>"##
        }
        return svg + "</svg>"
    }

    /// One horizontal progress bar, 0 to 100 % (clipped), green when on track.
    static func progress(_ fraction: Double?, onTrack: Bool) -> String {
        let f = max(0, min(fraction ?? 0, 1))
        let colour = fraction == nil ? "#ccc" : onTrack ? "#3c9d4e" : "#d9822b"
        return
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 12" width="120" height="12"><rect width="120" height="12" fill="#eee"/><rect width="\##(round1(120 * f))" height="12" fill="\##(colour)"/></svg>"##
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func round1(_ v: Double) -> String { String(format: "%.1f", v) }

    /// `1,234,567` or `12.5`.
    static func format(_ v: Double) -> String {
        if v.rounded() == v && abs(v) < 1e15 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.locale = Locale(identifier: "en_US")
            return formatter.string(from: NSNumber(value: Int64(v))) ?? String(Int64(v))
        }
        return String(format: "%.1f", v)
    }
}
