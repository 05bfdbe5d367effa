import { AboutMethod } from './AboutMethod';
import { EigenvalueList } from './EigenvalueList';
import { EigenvectorPanel } from './EigenvectorPanel';
import { EngineInfo } from './EngineInfo';
import { Header } from './Header';
import { InputImagePanel } from './InputImagePanel';
import { ModeControls } from './ModeControls';
import { ModelPicker } from './ModelPicker';
import { ProbabilityList } from './ProbabilityList';
import { ProjectionPanels } from './ProjectionPanels';
import { SamplePicker } from './SamplePicker';
import { StatusLine } from './StatusLine';

/** The page: controls on top, the four pictures, then the numbers. Each part reads its own slice. */
export function App() {
  return (
    <div className="page">
      <Header />
      <div className="controls">
        <ModelPicker />
        <SamplePicker />
        <ModeControls />
      </div>
      <StatusLine />
      <main className="layout">
        <div className="pictures">
          <InputImagePanel />
          <EigenvectorPanel />
          <ProjectionPanels />
        </div>
        <aside className="numbers-column">
          <ProbabilityList />
          <EigenvalueList />
          <EngineInfo />
        </aside>
      </main>
      <AboutMethod />
    </div>
  );
}
