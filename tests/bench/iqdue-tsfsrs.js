// The peer of `iqdue --all` for tests/bench/iqdue: ts-fsrs (FSRS-6 default
// weights, retention 0.9, no fuzz) replaying a review log: read the JSON
// Lines, group by id, sort by time, fsrs.next() per review, then recall
// and due at --now for every record.  node iqdue-tsfsrs.js NOW LOG RECORDS
const fs = require("fs"), readline = require("readline");
const { fsrs, createEmptyCard, generatorParameters } = require("ts-fsrs");
const [now, logPath, recPath] = process.argv.slice(2);
const f = fsrs(generatorParameters({ enable_fuzz: false, request_retention: 0.9 }));
async function lines(path, fn) {
	const rl = readline.createInterface({ input: fs.createReadStream(path), crlfDelay: Infinity });
	for await (const l of rl) if (l.trim()) fn(JSON.parse(l));
}
(async () => {
	const byId = new Map(), clock = new Date(now);
	await lines(logPath, (r) => {
		const t = new Date(r.t);
		if (t > clock) return;
		const id = r.id.toLowerCase();
		if (!byId.has(id)) byId.set(id, []);
		byId.get(id).push([t, r.grade]);
	});
	const out = [];
	await lines(recPath, (rec) => {
		const reviews = byId.get(rec.id) || [];
		reviews.sort((a, b) => a[0] - b[0]);
		let card = createEmptyCard(reviews.length ? reviews[0][0] : clock);
		for (const [t, g] of reviews) card = f.next(card, t, g).card;
		const recall = reviews.length ? f.get_retrievability(card, clock, false) : null;
		out.push(JSON.stringify({ ...rec, due: card.due, recall, stability: card.stability }));
	});
	process.stdout.write(out.join("\n") + "\n");
})();
