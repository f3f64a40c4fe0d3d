// Reads each BPMN file named on the command line with bpmn-moddle (the library bpmn.io and
// Camunda Modeler read files with) and prints one JSON object: file -> its warnings.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

const moddle = new BpmnModdle();
const found = {};
for (const file of process.argv.slice(2)) {
  try {
    const { warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
    found[file] = warnings.map((warning) => warning.message);
  } catch (error) {
    found[file] = [`not read: ${error.message}`];
  }
}
console.log(JSON.stringify(found));
