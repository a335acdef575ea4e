const { src, dest, parallel } = require('gulp');

// tsc compiles the TypeScript; everything n8n loads besides code (icons, codex JSON) is copied
// here. n8n resolves `file:` icons relative to the compiled node/credential file, so the folder
// layout under dist/ must mirror the sources.
function copyIcons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeAssets() {
	return src('nodes/**/*.{png,svg,json}', { encoding: false }).pipe(dest('dist/nodes'));
}

exports.build = parallel(copyIcons, copyNodeAssets);
