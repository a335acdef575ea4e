const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const WIDTH = 760;
const LABEL_WIDTH = 230;
const BAR_HEIGHT = 18;
const GAP = 6;
const COLORS = { ours: '#1f9d55', baseline: '#8795a1', ideal: '#3490dc' };

/**
 * A horizontal bar chart in plain SVG, one panel per measurement, each with its own scale.
 * panels: [{ title, unit, bars: [{ label, value, kind: 'ours' | 'baseline' | 'ideal' }] }]
 */
export function renderChart(title, subtitle, panels) {
	const parts = [];
	let y = 76;
	for (const panel of panels) {
		parts.push(`<text x="20" y="${y}" class="panel">${escape(panel.title)}</text>`);
		y += 10;
		// A value below zero (a measurement's noise around nothing) is drawn as nothing.
		const max = Math.max(0, ...panel.bars.map((bar) => bar.value)) || 1;
		for (const bar of panel.bars) {
			const width = Math.max(1, ((WIDTH - LABEL_WIDTH - 110) * Math.max(0, bar.value)) / max);
			parts.push(
				`<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT - 5}" class="label" text-anchor="end">${escape(bar.label)}</text>`,
				`<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="2" fill="${COLORS[bar.kind] ?? COLORS.baseline}"/>`,
				`<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + BAR_HEIGHT - 5}" class="value">${escape(formatValue(bar.value))} ${escape(panel.unit)}</text>`,
			);
			y += BAR_HEIGHT + GAP;
		}
		y += 22;
	}
	const height = y;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escape(title)}">`,
		'<style>text{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;fill:#22292f}.title{font-size:17px;font-weight:600}.sub{font-size:12px;fill:#606f7b}.panel{font-size:13px;font-weight:600}.label,.value{font-size:12px}</style>',
		`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
		`<text x="20" y="24" class="title">${escape(title)}</text>`,
		`<text x="20" y="42" class="sub">${escape(subtitle)}</text>`,
		...legend(),
		...parts,
		'</svg>',
		'',
	].join('\n');
}

function legend() {
	const entries = [
		['this package', COLORS.ours],
		['baseline', COLORS.baseline],
		['rate-limit ideal', COLORS.ideal],
	];
	return entries.flatMap(([label, color], i) => {
		const x = 20 + i * 150;
		return [
			`<rect x="${x}" y="50" width="12" height="12" rx="2" fill="${color}"/>`,
			`<text x="${x + 18}" y="60" class="label">${label}</text>`,
		];
	});
}

function formatValue(value) {
	if (value >= 100) return value.toFixed(0);
	if (value >= 10) return value.toFixed(1);
	return value.toFixed(2);
}
